import type WebSocket from 'ws';
import * as E from 'fp-ts/Either';
import { ScCodes, WatchEvent, decodeWith } from '@service-center/core';
import { ScClientError, describeCause, isScClientError, isUnreachable } from '../errors';
import { EventSink, safeEmit } from '../events';
import type { EndpointPool } from '../transport/failover';
import { Backoff, BackoffOptions } from '@service-center/core';
import { OpenedWebsocket, WebsocketDeps, openServerWebsocket, refusedUpgradeStatus, websocketErrorText } from '../transport/websocket';

export type WatchHandler = (event: WatchEvent) => void;

export type WatchOptions = Readonly<{
  /** Told about frames that cannot be decoded, and about a watch the server ended for good. */
  onError?: (error: ScClientError) => void;
  /** Told each time the watch is (re)connected: events may have been missed in between. */
  onConnected?: (endpoint: string) => void;
}>;

/** A running watch. */
export type WatchHandle = Readonly<{
  consumerId: string;
  /** Whether the websocket is open right now. */
  connected(): boolean;
  close(): Promise<void>;
}>;

export type WatcherDeps = WebsocketDeps &
  Readonly<{
    pool: EndpointPool;
    project: string;
    backoff: BackoffOptions;
    /** The client pings this often and drops a connection that did not answer the previous ping. */
    pingMs: number;
    onEvent?: EventSink;
  }>;

/** Texts of Service-Center that end a watch for good (sc-client looks for the first one). */
const FATAL_TEXTS = ['service does not exist', 'required the serviceID'];

/**
 * The websocket watcher of one consumer (`…/microservices/{consumerId}/watcher`): each text
 * frame is one `{action, key, instance}` event, decoded with core's WatchEvent. A dropped
 * connection is reopened with backoff, on the next healthy address; the server ending the
 * watch because the consumer does not exist stops it.
 */
export class Watcher implements WatchHandle {
  private ws: WebSocket | undefined;
  private open = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private pinger: NodeJS.Timeout | undefined;
  private readonly backoff: Backoff;

  constructor(
    readonly consumerId: string,
    private readonly handler: WatchHandler,
    private readonly deps: WatcherDeps,
    private readonly options: WatchOptions = {},
  ) {
    this.backoff = new Backoff(deps.backoff);
  }

  start(): this {
    this.connect();
    return this;
  }

  connected(): boolean {
    return this.open;
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.pinger) clearInterval(this.pinger);
    const ws = this.ws;
    this.ws = undefined;
    this.open = false;
    if (!ws) return;
    await new Promise<void>((resolve) => {
      if (ws.readyState === ws.CLOSED) return resolve();
      const done = setTimeout(() => {
        ws.terminate();
        resolve();
      }, 1000);
      done.unref();
      ws.once('close', () => {
        clearTimeout(done);
        resolve();
      });
      ws.on('error', () => undefined);
      if (ws.readyState === ws.CONNECTING) ws.terminate();
      else ws.close();
    });
  }

  private connect(): void {
    if (this.stopped) return;
    const { pool, project } = this.deps;
    const endpoint = pool.candidates()[0] ?? pool.urls[0];
    const path = `/v4/${encodeURIComponent(project)}/registry/microservices/${encodeURIComponent(this.consumerId)}/watcher`;
    openServerWebsocket(endpoint, path, this.deps).then(
      (opened) => this.attach(endpoint, opened),
      (err: unknown) => {
        if (this.stopped) return;
        // The login failed: a refused one is told to the application, then retried later.
        if (isScClientError(err) && !isUnreachable(err)) this.options.onError?.(err);
        else pool.markFailure(endpoint, describeCause(err));
        this.retryLater(endpoint, describeCause(err));
      },
    );
  }

  private attach(endpoint: string, opened: OpenedWebsocket): void {
    const { ws, sent } = opened;
    const { pool } = this.deps;
    if (this.stopped) {
      ws.on('error', () => undefined);
      ws.terminate();
      return;
    }
    this.ws = ws;
    let lastError = '';
    let fatal: string | undefined;
    let alive = true;
    ws.on('open', () => {
      this.open = true;
      this.backoff.reset();
      pool.markSuccess(endpoint);
      safeEmit(this.deps.onEvent, { type: 'watch-connected', consumerId: this.consumerId, endpoint });
      this.options.onConnected?.(endpoint);
      this.pinger = setInterval(() => {
        if (!alive) {
          ws.terminate();
          return;
        }
        alive = false;
        ws.ping();
      }, this.deps.pingMs);
      this.pinger.unref();
    });
    ws.on('pong', () => {
      alive = true;
    });
    ws.on('ping', () => {
      alive = true;
    });
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      alive = true;
      if (isBinary) return;
      const text = rawText(data);
      if (!text.trimStart().startsWith('{') && FATAL_TEXTS.some((t) => text.includes(t))) {
        fatal = text; // the server closes the connection next
        return;
      }
      this.deliver(text, endpoint);
    });
    ws.on('error', (err: Error) => {
      lastError = websocketErrorText(err);
      // A token the server no longer takes: the next attempt logs in again.
      if (refusedUpgradeStatus(err) === 401) this.deps.auth?.rejected(endpoint, sent);
    });
    ws.on('close', (code: number, reason: Buffer) => {
      const wasOpen = this.open;
      this.open = false;
      if (this.pinger) clearInterval(this.pinger);
      if (this.ws !== ws || this.stopped) return;
      this.ws = undefined;
      if (fatal !== undefined) {
        this.stopped = true;
        const error = new ScClientError({
          kind: 'sc-error',
          code: ScCodes.ServiceNotExists,
          message: `watch ${this.consumerId}: the server ended the watch: ${fatal}`,
          detail: fatal,
          endpoint,
        });
        safeEmit(this.deps.onEvent, { type: 'watch-stopped', consumerId: this.consumerId, reason: fatal });
        this.options.onError?.(error);
        return;
      }
      if (!wasOpen) pool.markFailure(endpoint, lastError || `websocket closed (${code})`);
      this.retryLater(endpoint, lastError || `closed (${code}${reason.length > 0 ? ` ${reason.toString()}` : ''})`);
    });
  }

  private retryLater(endpoint: string, why: string): void {
    const retryInMs = this.backoff.next();
    safeEmit(this.deps.onEvent, { type: 'watch-disconnected', consumerId: this.consumerId, reason: `${endpoint}: ${why}`, retryInMs });
    this.timer = setTimeout(() => this.connect(), retryInMs);
    this.timer.unref();
  }

  private deliver(text: string, endpoint: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      this.options.onError?.(decodeError(`malformed JSON: ${(err as Error).message}`, endpoint));
      return;
    }
    const event = decodeWith(WatchEvent, json);
    if (E.isLeft(event)) {
      this.options.onError?.(decodeError(event.left.detail ?? 'not a watch event', endpoint));
      return;
    }
    try {
      this.handler(event.right);
    } catch (err) {
      this.options.onError?.(
        new ScClientError({ kind: 'decode', message: `watch handler failed: ${(err as Error).message}`, endpoint, cause: err }),
      );
    }
  }
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function decodeError(detail: string, endpoint: string): ScClientError {
  return new ScClientError({ kind: 'decode', message: `watch frame is not a watch event: ${detail}`, detail, endpoint });
}
