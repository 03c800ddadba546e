import WebSocket from 'ws';
import type { RequestAuth } from '../auth/request-auth';
import { describeCause, errorCodeOf } from '../errors';
import { joinUrl } from './fetch-transport';
import { TLS_FIXES, TlsOptions, tlsConnectOptions, tlsProblemOf } from './tls';

/** ws:// or wss:// URL of a route on a server given by its http(s) address. */
export function websocketUrl(endpoint: string, path: string): string {
  return joinUrl(endpoint, path).replace(/^http(s?):\/\//i, (_m, s: string) => `ws${s}://`);
}

/** Open a websocket with the client's headers (and TLS for wss); the handshake is bounded by `timeoutMs`. */
export function openWebsocket(
  url: string,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
  tls?: TlsOptions,
): WebSocket {
  return new WebSocket(url, { headers: { ...headers }, handshakeTimeout: timeoutMs, ...tlsConnectOptions(tls) });
}

/** The HTTP status of a refused upgrade (ws reports "Unexpected server response: 404"). */
export function refusedUpgradeStatus(err: Error): number | undefined {
  const m = /Unexpected server response: (\d{3})/.exec(err.message);
  return m ? Number(m[1]) : undefined;
}

/** A websocket failure as one line, with what to pass when it failed in the TLS handshake. */
export function websocketErrorText(err: Error): string {
  const problem = tlsProblemOf(errorCodeOf(err));
  return problem ? `${describeCause(err)}; ${TLS_FIXES[problem]}` : describeCause(err);
}

/** What opening a websocket to a server needs: the client's headers, handshake timeout, TLS and authentication. */
export type WebsocketDeps = Readonly<{
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  tls?: TlsOptions;
  auth?: RequestAuth;
}>;

/** An opened (connecting) websocket and the auth headers it was sent with. */
export type OpenedWebsocket = Readonly<{ ws: WebSocket; sent: Readonly<Record<string, string>> }>;

/** Open a websocket to a route of `endpoint`, with a token for that address when the client logs in. */
export async function openServerWebsocket(endpoint: string, path: string, deps: WebsocketDeps): Promise<OpenedWebsocket> {
  const sent = (await deps.auth?.headersFor(endpoint)) ?? {};
  return { ws: openWebsocket(websocketUrl(endpoint, path), { ...deps.headers, ...sent }, deps.timeoutMs, deps.tls), sent };
}
