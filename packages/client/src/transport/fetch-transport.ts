import nodeFetch from 'node-fetch';
import { ScClientError, describeCause, errorCodeOf } from '../errors';
import type { RequestAuth } from '../auth/request-auth';
import { TLS_FIXES, TlsOptions, httpsAgentOf, tlsProblemOf } from './tls';

/** The slice of a fetch Response the client uses. */
export type FetchResponseLike = Readonly<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export type FetchInit = {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
};

/** An injectable fetch (node-fetch v2, Node's global fetch, or a test double). */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponseLike>;

export const defaultFetch: FetchLike = (url, init) => nodeFetch(url, init);

/** node-fetch v2 with one https agent carrying the client's CA and certificate (http calls go without it). */
export function tlsFetch(options: TlsOptions): FetchLike {
  const agent = httpsAgentOf(options);
  return (url, init) => nodeFetch(url, { ...init, agent: (u) => (u.protocol === 'https:' ? agent : undefined) });
}

export type HttpRequest = Readonly<{
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path and query, e.g. `/v4/default/registry/instances?appId=a`. */
  path: string;
  headers?: Readonly<Record<string, string>>;
  /** JSON body. */
  body?: unknown;
}>;

export type HttpResponse = Readonly<{
  status: number;
  headers: { get(name: string): string | null };
  /** The body text, as received. */
  text: string;
  /** The server that answered. */
  endpoint: string;
}>;

export type TransportOptions = Readonly<{
  fetch: FetchLike;
  timeoutMs: number;
  /** Sent with every request (X-Domain-Name, a static token). */
  headers: Readonly<Record<string, string>>;
  /** Per-address authentication (RBAC login); the failover transport applies it. */
  auth?: RequestAuth;
  /** Told about each exchange, e.g. for scctl -v. */
  trace?: (line: string) => void;
}>;

/** One HTTP exchange with one server, bounded by the timeout. Network failures become ScClientError. */
export async function sendOnce(endpoint: string, req: HttpRequest, options: TransportOptions): Promise<HttpResponse> {
  const url = joinUrl(endpoint, req.path);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers, ...req.headers };
  let body: string | undefined;
  if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    headers['Content-Type'] = 'application/json';
  }
  const started = Date.now();
  try {
    const res = await options.fetch(url, { method: req.method, headers, body, signal: controller.signal });
    const text = await res.text();
    options.trace?.(`${req.method} ${url} -> ${res.status} (${Date.now() - started} ms)`);
    return { status: res.status, headers: res.headers, text, endpoint };
  } catch (err) {
    const timedOut = controller.signal.aborted;
    options.trace?.(`${req.method} ${url} -> ${timedOut ? 'timeout' : describeCause(err)}`);
    const tlsProblem = timedOut ? undefined : tlsProblemOf(errorCodeOf(err));
    throw new ScClientError({
      kind: timedOut ? 'timeout' : 'network',
      message: timedOut
        ? `${req.method} ${url}: no answer within ${options.timeoutMs} ms`
        : `${req.method} ${url}: ${describeCause(err)}${tlsProblem ? `; ${TLS_FIXES[tlsProblem]}` : ''}`,
      endpoint,
      cause: err,
      tlsProblem,
    });
  } finally {
    clearTimeout(timer);
  }
}

/** `http://h:1/` + `/v4/...` without doubling the slash. */
export function joinUrl(endpoint: string, path: string): string {
  return endpoint.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
}

/** A query string from defined values, e.g. `?appId=a&global=true`. */
export function query(params: Readonly<Record<string, string | number | boolean | undefined>>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === '') continue;
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}
