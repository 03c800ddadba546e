import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { ScCodes, scError } from '@service-center/core';
import type { ScError, Tenant } from '@service-center/core';
import type { RegistryDeps } from '../deps';
import type { WatchHub } from './hub';
import { WatchSocketOptions, serveWatcher } from './socket';
import { serveHeartbeat } from './heartbeat-socket';
import { tenantFrom } from '../../http/request-context';
import { rawErrorAnswer } from '../../http/raw-answer';

type Target =
  | Readonly<{ kind: 'watcher'; tenant: Tenant; serviceId: string }>
  | Readonly<{ kind: 'heartbeat'; tenant: Tenant; serviceId: string; instanceId: string }>
  | Readonly<{ kind: 'invalid' }>;

const WATCHER = /^\/v4\/([^/]+)\/registry\/microservices\/([^/]*)\/watcher$/;
const WATCHER_V3 = /^\/registry\/v3\/microservices\/([^/]*)\/watcher$/;
const HEARTBEAT = /^\/v4\/([^/]+)\/registry\/microservices\/([^/]+)\/instances\/([^/]+)\/heartbeat$/;

function header(req: http.IncomingMessage, name: string): string {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
}

/** Which websocket a request asks for, with SC's tenant rules (v4: X-Domain-Name + project). */
export function websocketTarget(req: http.IncomingMessage): Target | undefined {
  let path: string;
  try {
    path = new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
  const seg = (s: string) => decodeURIComponent(s);
  let target: Target | undefined;
  try {
    let m = WATCHER.exec(path);
    const domain = header(req, 'x-domain-name') || 'default';
    if (m) target = { kind: 'watcher', tenant: { domain, project: seg(m[1]) }, serviceId: seg(m[2]) };
    m = HEARTBEAT.exec(path);
    if (m) target = { kind: 'heartbeat', tenant: { domain, project: seg(m[1]) }, serviceId: seg(m[2]), instanceId: seg(m[3]) };
    m = WATCHER_V3.exec(path);
    const v3Domain = header(req, 'x-tenant-name') || domain;
    if (m) target = { kind: 'watcher', tenant: { domain: v3Domain, project: 'default' }, serviceId: seg(m[1]) };
  } catch {
    return { kind: 'invalid' }; // a malformed %-escape
  }
  if (target && target.kind !== 'invalid') {
    const { domain, project } = target.tenant;
    const ids = target.kind === 'heartbeat' ? [target.serviceId, target.instanceId] : [target.serviceId];
    // The same tenant rule as HTTP requests: no '/' (keys are '/'-separated paths).
    if (typeof tenantFrom(domain, project) === 'string' || ids.some((id) => id.includes('/'))) return { kind: 'invalid' };
  }
  return target;
}

export type WebsocketParts = Readonly<{
  deps: RegistryDeps;
  hub: WatchHub;
  watch: WatchSocketOptions;
  heartbeatPingMs: number;
  /** Checks the upgrade request before it completes (RBAC); an error refuses it with its SC body. */
  authorize?: (req: http.IncomingMessage) => Promise<ScError | undefined>;
  /** Takes a websocket slot for the client's address, or refuses the upgrade (per-address cap). */
  admit?: (address: string) => { release: () => void } | { refused: ScError };
}>;

/** Answer an upgrade with an SC error body and close; nothing was upgraded. */
function refuse(socket: Duplex, err: ScError): void {
  socket.end(rawErrorAnswer(err));
}

/** Largest client frame we read: enough for any control frame; data frames are discarded anyway. */
const MAX_CLIENT_FRAME = 125;

/**
 * Serve the watcher and heartbeat websockets on the Koa server's http.Server (`noServer` +
 * the 'upgrade' event: Koa and ws share one port). Returns a closer that ends every socket.
 */
export function attachWebsockets(server: http.Server, parts: WebsocketParts): () => Promise<void> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME });
  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = websocketTarget(req);
    if (!target || target.kind === 'invalid') {
      const status = target ? '400 Bad Request' : '404 Not Found';
      socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    if (parts.authorize) {
      parts.authorize(req).then(
        (refused) => (refused ? refuse(socket, refused) : serve(req, socket, head, target)),
        () => refuse(socket, scError(ScCodes.Internal, 'the websocket authorization failed')),
      );
      return;
    }
    serve(req, socket, head, target);
  };
  const serve = (req: http.IncomingMessage, socket: Duplex, head: Buffer, target: Exclude<Target, { kind: 'invalid' }>) => {
    const slot = parts.admit?.(req.socket.remoteAddress ?? '');
    if (slot && 'refused' in slot) {
      refuse(socket, slot.refused);
      return;
    }
    // Freed when the socket closes, which also covers a handshake that fails.
    if (slot) socket.once('close', slot.release);
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      if (target.kind === 'watcher') {
        serveWatcher(ws, {
          hub: parts.hub,
          store: parts.deps.store,
          tenant: target.tenant,
          consumerId: target.serviceId,
          options: parts.watch,
          log: parts.deps.log,
          metrics: parts.deps.metrics,
        });
      } else {
        serveHeartbeat(ws, { deps: parts.deps, ...target, pingMs: parts.heartbeatPingMs });
      }
    });
  };
  server.on('upgrade', onUpgrade);
  return async () => {
    server.off('upgrade', onUpgrade);
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
}
