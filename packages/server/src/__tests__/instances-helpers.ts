/** HTTP helpers for the instance / discovery / admin contract tests (plain fetch, no client lib). */

export type JsonResponse<T = Record<string, unknown>> = Readonly<{ status: number; headers: Headers; text: string; body: T }>;

export type CallOptions = Readonly<{ body?: unknown; rawBody?: string; headers?: Record<string, string> }>;

export async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { 'X-Domain-Name': 'default', ...(options.headers ?? {}) };
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(`${base}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed as T };
}

export type ServiceSpec = Readonly<{
  serviceName: string;
  appId?: string;
  version?: string;
  environment?: string;
  alias?: string;
  properties?: Record<string, string>;
}>;

let counter = 0;
/** A name unique within this test process. */
export function uniqueName(prefix = 'svc'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

export async function createService(base: string, s: ServiceSpec, headers: Record<string, string> = {}): Promise<string> {
  const r = await call<{ serviceId: string }>(base, 'POST', '/v4/default/registry/microservices', {
    body: { service: { appId: 'app', version: '1.0.0', ...s } },
    headers,
  });
  if (r.status !== 200) throw new Error(`register service failed: ${r.status} ${r.text}`);
  return r.body.serviceId;
}

export const SAMPLE_INSTANCE = {
  endpoints: ['cse://127.0.0.1:9984'],
  hostName: 'cse',
  status: 'UP',
  properties: { _TAGS: 'A,B', attr1: 'a', nodeIP: 'one' },
  healthCheck: { mode: 'push', interval: 30, times: 2 },
};

export async function createInstance(
  base: string,
  serviceId: string,
  instance: Record<string, unknown> = SAMPLE_INSTANCE,
  headers: Record<string, string> = {},
): Promise<string> {
  const r = await call<{ instanceId: string }>(base, 'POST', `/v4/default/registry/microservices/${serviceId}/instances`, {
    body: { instance },
    headers,
  });
  if (r.status !== 200) throw new Error(`register instance failed: ${r.status} ${r.text}`);
  return r.body.instanceId;
}

export type WireInstance = Readonly<{
  instanceId: string;
  serviceId: string;
  status: string;
  version?: string;
  endpoints?: string[];
  properties?: Record<string, string>;
  healthCheck?: { mode: string; interval: number; times: number };
  timestamp?: string;
  modTimestamp?: string;
}>;

export async function find(
  base: string,
  query: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<JsonResponse<{ instances?: WireInstance[]; errorCode?: string; detail?: string }>> {
  return call(base, 'GET', `/v4/default/registry/instances?${new URLSearchParams(query).toString()}`, { headers });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Poll until `check` holds (or fail after `timeoutMs`). */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5000, stepMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(stepMs);
  }
}
