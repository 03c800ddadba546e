import type { WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { Tenant } from '@service-center/core';
import type { KvStore } from '../../store/kv';
import type { RegistryMetrics } from '../deps';
import { getService } from '../tables';
import type { WatchHub } from './hub';
import { WatchQueue } from './watch-queue';

export type WatchSocketOptions = Readonly<{
  /** Server pings this often while the client never pinged (SC: 30 s). */
  pingMs: number;
  /** No ping/pong/message for this long ends the connection (SC: 120 s). */
  readDeadlineMs: number;
  /** Instances whose change waits to be sent (SC: 5000 frames); past it, the client is told to re-list. */
  queueLimit: number;
}>;

export const DEFAULT_WATCH_OPTIONS: WatchSocketOptions = { pingMs: 30_000, readDeadlineMs: 120_000, queueLimit: 5000 };

export const SERVICE_NOT_EXIST_TEXT = 'service does not exist';
export const REQUIRED_SERVICE_ID_TEXT = 'required the serviceID';

/**
 * Serve one watcher websocket (SC's server/pubsub/ws/): check the consumer, subscribe it to the hub, send
 * frames one at a time from a bounded queue, keep the connection alive, and clean up on close.
 */
export function serveWatcher(
  ws: WebSocket,
  ctx: Readonly<{
    hub: WatchHub;
    store: KvStore;
    tenant: Tenant;
    consumerId: string;
    options: WatchSocketOptions;
    log: Logger;
    metrics?: RegistryMetrics;
  }>,
): void {
  const { hub, store, tenant, consumerId, options, log, metrics } = ctx;
  if (consumerId === '' || !getService(store, tenant, consumerId)) {
    // sc-client looks for this text and stops watching.
    ws.send(consumerId === '' ? REQUIRED_SERVICE_ID_TEXT : SERVICE_NOT_EXIST_TEXT, () => ws.close());
    return;
  }
  const queue = new WatchQueue(options.queueLimit);
  let sending = false;
  let clientPings = false;
  let lastSeen = Date.now();

  const pump = () => {
    if (sending || ws.readyState !== ws.OPEN) return;
    const next = queue.shift();
    if (next === undefined) {
      behind = false;
      return;
    }
    sending = true;
    ws.send(next.text, (err) => {
      sending = false;
      metrics?.published(!err, next.queuedNs);
      if (err) log.debug({ err, consumerId }, 'watch send failed');
      else pump();
    });
  };
  let behind = false;
  const unsubscribe = hub.subscribe(tenant, consumerId, (frame) => {
    const now = process.hrtime.bigint();
    const { dropped, resynced } = queue.push(frame, now);
    for (let i = 0; i < dropped; i++) metrics?.published(false, now);
    if (resynced && !behind) {
      behind = true;
      log.warn({ consumerId, limit: options.queueLimit }, 'watch subscriber behind: its queued changes are replaced by RESYNC for the providers concerned');
    }
    pump();
  });

  const seen = () => {
    lastSeen = Date.now();
  };
  ws.on('ping', () => {
    clientPings = true; // ws answers the Pong itself; from now on the client keeps the beat
    seen();
  });
  ws.on('pong', seen);
  ws.on('message', seen); // data frames are read and discarded, as SC does

  const timer = setInterval(() => {
    if (Date.now() - lastSeen > options.readDeadlineMs) {
      stop();
      ws.terminate();
      return;
    }
    if (clientPings) return;
    // While we are the pinging side, a consumer that went away ends the watch quietly.
    if (!getService(store, tenant, consumerId)) {
      stop();
      ws.close();
      return;
    }
    ws.ping();
  }, options.pingMs);
  timer.unref();

  let stopped = false;
  function stop() {
    if (stopped) return;
    stopped = true;
    unsubscribe();
    clearInterval(timer);
  }
  ws.on('close', stop);
  ws.on('error', (err) => {
    log.debug({ err, consumerId }, 'watch socket error');
    stop();
  });
}
