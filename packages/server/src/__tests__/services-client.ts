// A tiny HTTP client for the services/schemas/tags/dependencies contract tests.
import { startTestServer } from './test-server';

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

export type Reply = Readonly<{
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when the body is empty or not JSON. */
  json: unknown;
}>;

export type CallOptions = Readonly<{
  body?: unknown;
  /** A raw request body, sent as is (for malformed JSON). */
  raw?: string;
  domain?: string;
  headers?: Record<string, string>;
}>;

/** Call `method path` on the server; `path` starts with `/`. */
export async function call(server: TestServer, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(options.headers ?? {}) };
  if (options.domain !== undefined) headers['X-Domain-Name'] = options.domain;
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const res = await fetch(`${server.url}${path}`, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The SC error code of a reply (a JSON string), or undefined. */
export function errorCodeOf(r: Reply): string | undefined {
  const body = r.json as { errorCode?: unknown } | undefined;
  return typeof body?.errorCode === 'string' ? body.errorCode : undefined;
}

export function detailOf(r: Reply): string {
  const body = r.json as { detail?: unknown } | undefined;
  return typeof body?.detail === 'string' ? body.detail : '';
}

export const REG = '/v4/default/registry';

let counter = 0;
/** A fresh, valid service name for each test. */
export function uniqueName(prefix = 'svc'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

export type ServiceBody = Record<string, unknown>;

/** Register a service and return its id; fails the test when it is not 200. */
export async function createService(server: TestServer, service: ServiceBody, extra: Record<string, unknown> = {}, domain?: string): Promise<string> {
  const r = await call(server, 'POST', `${REG}/microservices`, { body: { service, ...extra }, domain });
  if (r.status !== 200) throw new Error(`register failed: ${r.status} ${r.text}`);
  return (r.json as { serviceId: string }).serviceId;
}
