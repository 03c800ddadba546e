import type { Rbac, Tenant } from '@service-center/core';
import type { KvStore } from '../store/kv';
import { getService } from '../registry/tables';

type Labels = Rbac.Labels;

/** The labels of a stored service, as roles name them. */
function serviceLabels(store: KvStore, tenant: Tenant, serviceId: string): Labels[] | undefined {
  const s = getService(store, tenant, serviceId)?.service;
  return s ? [{ environment: s.environment ?? '', appId: s.appId ?? '', serviceName: s.serviceName ?? '' }] : undefined;
}

const BY_ID = /^\/v4\/[^/]+\/registry\/microservices\/([^/]+)(\/|$)/;
const BY_ID_V3 = /^\/registry\/v3\/microservices\/([^/]+)(\/|$)/;
const BY_KEY = /^\/v4\/[^/]+\/registry\/(instances|existence)\/?$/;
const SERVICES = /^\/v4\/[^/]+\/registry\/microservices\/?$/;

export type LabelSource = Readonly<{
  method: string;
  path: string;
  tenant: Tenant | undefined;
  query: (name: string) => string | undefined;
  header: (name: string) => string;
  /** The raw body, read only when the labels are in it (create service). */
  body: () => Promise<string>;
}>;

/**
 * The labels of the services a request names, as Service-Center derives them: the path's
 * service id, the find's service key, or the service being created. Undefined when the
 * request names none (or names one that does not exist).
 */
export async function requestLabels(store: KvStore, r: LabelSource): Promise<Labels[] | undefined> {
  if (r.tenant === undefined) return undefined;
  const tenant = r.tenant;
  const id = BY_ID.exec(r.path)?.[1] ?? BY_ID_V3.exec(r.path)?.[1];
  if (id !== undefined) return serviceLabels(store, tenant, safeDecode(id));
  if (r.method === 'GET' && BY_KEY.test(r.path)) {
    const serviceId = r.query('serviceId');
    if (serviceId !== undefined) return serviceLabels(store, tenant, serviceId);
    const consumer = r.header('x-consumerid');
    const env = r.query('env') || (consumer !== '' ? (serviceLabels(store, tenant, consumer)?.[0].environment ?? '') : '');
    return [{ environment: env, appId: r.query('appId') ?? '', serviceName: r.query('serviceName') ?? '' }];
  }
  if (r.method === 'POST' && SERVICES.test(r.path)) {
    const service = serviceOfBody(await r.body());
    return service ? [service] : undefined;
  }
  return undefined;
}

function serviceOfBody(text: string): Labels | undefined {
  try {
    const body = JSON.parse(text) as { service?: Record<string, unknown> } | null;
    const s = body?.service;
    if (s === undefined || s === null || typeof s !== 'object') return undefined;
    const text_ = (v: unknown) => (typeof v === 'string' ? v : '');
    return { environment: text_(s.environment), appId: text_(s.appId), serviceName: text_(s.serviceName) };
  } catch {
    return undefined; // the route answers the malformed body with 400001
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The list fields Service-Center filters by the caller's labels, per list route. */
const FILTERED: readonly (readonly [RegExp, string])[] = [
  [SERVICES, 'services'],
  [/^\/v4\/[^/]+\/registry\/microservices\/[^/]+\/providers\/?$/, 'providers'],
  [/^\/v4\/[^/]+\/registry\/microservices\/[^/]+\/consumers\/?$/, 'consumers'],
];

/** Which field of a GET answer lists services to filter, if any. */
export function filteredField(method: string, path: string): string | undefined {
  return method === 'GET' ? FILTERED.find(([re]) => re.test(path))?.[1] : undefined;
}
