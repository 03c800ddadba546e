import WebSocket from 'ws';
import { joinUrl } from './fetch-transport';

/** ws:// or wss:// URL of a route on a server given by its http(s) address. */
export function websocketUrl(endpoint: string, path: string): string {
  return joinUrl(endpoint, path).replace(/^http(s?):\/\//i, (_m, s: string) => `ws${s}://`);
}

/** Open a websocket with the client's headers; the handshake is bounded by `timeoutMs`. */
export function openWebsocket(url: string, headers: Readonly<Record<string, string>>, timeoutMs: number): WebSocket {
  return new WebSocket(url, { headers: { ...headers }, handshakeTimeout: timeoutMs });
}

/** The HTTP status of a refused upgrade (ws reports "Unexpected server response: 404"). */
export function refusedUpgradeStatus(err: Error): number | undefined {
  const m = /Unexpected server response: (\d{3})/.exec(err.message);
  return m ? Number(m[1]) : undefined;
}
