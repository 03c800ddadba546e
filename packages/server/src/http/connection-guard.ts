import type * as http from 'node:http';
import type * as net from 'node:net';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { Counter, Gauge, Registry } from 'prom-client';
import type { Logger } from 'pino';
import { ScCodes, errorBodyOf, scError } from '@service-center/core';
import type { ScError } from '@service-center/core';
import { rawErrorAnswer } from './raw-answer';
import type { ServerConfig } from '../config/schema';

/** What one server allows its clients; 0 = no limit. */
export type ConnectionLimits = Readonly<{
  maxConnections: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxWebsocketsPerAddress: number;
}>;

export function connectionLimitsOf(c: ServerConfig): ConnectionLimits {
  const headersTimeoutMs = c.headerTimeout * 1000;
  return {
    maxConnections: c.maxConnections,
    headersTimeoutMs,
    // Node refuses a request timeout below the header timeout.
    requestTimeoutMs: Math.max(headersTimeoutMs, c.requestTimeout * 1000),
    keepAliveTimeoutMs: c.keepAliveTimeout * 1000,
    maxWebsocketsPerAddress: c.maxWebsocketsPerAddress,
  };
}

/** An over-limit connection may send one request, to be told why, within this time. */
const OVER_LIMIT_GRACE_MS = 2_000;
/** Beyond the limit plus this margin, new sockets are dropped unanswered (a flood). */
const HARD_MARGIN = 256;

type RefusalReason = 'max-connections' | 'websockets-per-address' | 'bad-request' | 'headers-too-large' | 'timeout';

/**
 * The timeouts as `http.createServer` / `https.createServer` options: the checking interval
 * makes them punctual, and a TLS handshake gets no longer than the headers would.
 */
export function serverOptions(l: ConnectionLimits): http.ServerOptions & Pick<tls.TlsOptions, 'handshakeTimeout'> {
  return {
    handshakeTimeout: l.headersTimeoutMs,
    headersTimeout: l.headersTimeoutMs,
    requestTimeout: l.requestTimeoutMs,
    keepAliveTimeout: l.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1_000, l.headersTimeoutMs),
  };
}

/** How Node's HTTP parser rejected a request, as the SC error the client gets. */
export function parserRefusal(err: NodeJS.ErrnoException): Readonly<{ reason: RefusalReason; error: ScError }> {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { reason: 'headers-too-large', error: scError(ScCodes.HeadersTooLarge, 'the request headers exceed 16 KB; send fewer or shorter headers') };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { reason: 'timeout', error: scError(ScCodes.RequestTimeout, 'the request was not received in time') };
    default:
      return { reason: 'bad-request', error: scError(ScCodes.InvalidParams, `malformed HTTP request (${err.code ?? err.message})`) };
  }
}

/**
 * The connection layer's defences: a cap on open connections (one over the cap gets a 503
 * SC body for its first request, then is closed), header/request/idle timeouts, a per-address
 * cap on open websockets (429), and SC bodies for requests the HTTP parser rejects.
 */
export class ConnectionGuard {
  private open = 0;
  private readonly overLimit = new WeakSet<net.Socket>();
  private readonly websockets = new Map<string, number>();
  private readonly refused: Counter<'reason'>;

  constructor(
    private readonly limits: ConnectionLimits,
    registry: Registry,
    private readonly log: Logger,
  ) {
    this.refused = new Counter({
      name: 'service_center_connections_refused_total',
      help: 'Connections and requests refused by the connection limits and the HTTP parser, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    });
    this.openGauge = new Gauge({
      name: 'service_center_open_connections',
      help: 'Open client connections (TLS: after the handshake)',
      registers: [registry],
    });
  }

  private readonly openGauge: Gauge;

  /** Count connections and answer what the parser rejects; call once on the listening server. */
  attach(server: http.Server): void {
    const counted = server instanceof tls.Server ? 'secureConnection' : 'connection';
    server.on(counted, (socket: net.Socket) => this.onConnection(socket));
    if (this.limits.maxConnections > 0) server.maxConnections = this.limits.maxConnections + HARD_MARGIN;
    server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => this.onClientError(err, socket));
  }

  /** Requests on an over-limit connection are answered 503 here, before any routing. */
  requests(handler: http.RequestListener): http.RequestListener {
    return (req, res) => {
      if (!this.overLimit.has(req.socket)) return handler(req, res);
      this.refused.inc({ reason: 'max-connections' });
      const err = scError(ScCodes.ServerBusy, `the server holds its maximum of ${this.limits.maxConnections} connections; retry later or raise --max-connections`);
      const body = JSON.stringify(errorBodyOf(err));
      res.shouldKeepAlive = false;
      res.writeHead(503, {
        'Content-Type': 'application/json; charset=UTF-8',
        'Content-Length': Buffer.byteLength(body),
        'Retry-After': '1',
        Connection: 'close',
      });
      res.end(body);
    };
  }

  /**
   * Admit one more websocket from `address`: a release function, or the refusal to answer
   * the upgrade with when the address holds its maximum.
   */
  admitWebsocket(address: string): { release: () => void } | { refused: ScError } {
    const max = this.limits.maxWebsocketsPerAddress;
    const n = this.websockets.get(address) ?? 0;
    if (max > 0 && n >= max) {
      this.refused.inc({ reason: 'websockets-per-address' });
      return { refused: scError(ScCodes.TooManyRequests, `${address} holds its maximum of ${max} open websockets; close some or raise --max-websockets-per-address`) };
    }
    this.websockets.set(address, n + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const left = (this.websockets.get(address) ?? 1) - 1;
        if (left <= 0) this.websockets.delete(address);
        else this.websockets.set(address, left);
      },
    };
  }

  private onConnection(socket: net.Socket): void {
    this.open += 1;
    this.openGauge.set(this.open);
    socket.once('close', () => {
      this.open -= 1;
      this.openGauge.set(this.open);
    });
    if (this.limits.maxConnections > 0 && this.open > this.limits.maxConnections) {
      this.overLimit.add(socket);
      socket.setTimeout(OVER_LIMIT_GRACE_MS, () => socket.destroy());
    }
  }

  private onClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
    // A reset or a half-written answer leaves nothing to say; otherwise say it in SC's shape.
    if (err.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { _httpMessage?: unknown })._httpMessage) {
      socket.destroy();
      return;
    }
    const { reason, error } = parserRefusal(err);
    this.refused.inc({ reason });
    this.log.debug({ code: err.code, reason }, 'request refused by the HTTP parser');
    socket.end(rawErrorAnswer(error));
  }
}
