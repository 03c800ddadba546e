import type { Rbac, Tenant } from '@service-center/core';
import type { KvStore } from '../store/kv';
import { getService } from '../registry/tables';

type Labels = Rbac.Labels;

/** The labels of a stored service, as roles name them. */
function serviceLabels(store: KvStore, tenant: Tenant, serviceId: string): Labels[] | undefined {
  const s = getService(store, tenant, serviceId)?.service;
  return s ? [{ environment: s.environment ?? '', appId: s.appId ?? '', serviceName: s.serviceName ?? '' }] : undefined;
}

// The console's service detail is checked like the registry's (SC's APIGovServiceInfo).
const BY_ID = /^\/v4\/[^/]+\/(?:registry|govern)\/microservices\/([^/]+)(\/|$)/;
const BY_ID_V3 = /^\/registry\/v3\/microservices\/([^/]+)(\/|$)/;
const BY_KEY = /^\/v4\/[^/]+\/registry\/(instances|existence)\/?$/;
const SERVICES = /^\/v4\/[^/]+\/registry\/microservices\/?$/;

export type LabelSource = Readonly<{
  method: string;
  path: string;
  tenant: Tenant | undefined;
  query: (name: string) => string | undefined;
  header: (name: string) => string;
  /** The raw body, read only when the labels are in it. */
  body: () => Promise<string>;
}>;

/**
 * The labels of the services a request names, as Service-Center derives them: the path's
 * service id, the find's service key, or the services in the body. Undefined when the
 * request names none (or only ones that do not exist).
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
  const inBody = BODY_LABELS.find(([method, re]) => method === r.method && re.test(r.path))?.[2];
  if (inBody === undefined) return undefined;
  const body = jsonOf(await r.body());
  if (body === undefined) return undefined; // the route answers the malformed body with 400001
  const labels = inBody(body, (id) => serviceLabels(store, tenant, id) ?? []);
  return labels.length > 0 ? labels : undefined;
}

type Json = Record<string, unknown>;
type ById = (serviceId: string) => Labels[];

const isObject = (u: unknown): u is Json => typeof u === 'object' && u !== null && !Array.isArray(u);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const objects = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const keyLabels = (s: Json): Labels => ({ environment: text(s.environment), appId: text(s.appId), serviceName: text(s.serviceName) });

/** Requests whose body names the services: create, batch delete, heartbeats, batch find. */
const BODY_LABELS: readonly (readonly [string, RegExp, (body: Json, byId: ById) => Labels[]])[] = [
  ['POST', SERVICES, (b) => (isObject(b.service) ? [keyLabels(b.service)] : [])],
  ['DELETE', SERVICES, (b, byId) => (Array.isArray(b.serviceIds) ? b.serviceIds.flatMap((id) => byId(text(id))) : [])],
  ['PUT', /^\/v4\/[^/]+\/registry\/heartbeats\/?$/, (b, byId) => objects(b.instances).flatMap((i) => byId(text(i.serviceId)))],
  [
    'POST',
    /^\/v4\/[^/]+\/registry\/instances\/action\/?$/,
    (b, byId) => [
      ...objects(b.instances).flatMap((i) => (isObject(i.instance) ? byId(text(i.instance.serviceId)) : [])),
      ...objects(b.services).flatMap((s) => (isObject(s.service) ? [keyLabels(s.service)] : [])),
    ],
  ],
];

function jsonOf(body: string): Json | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

