import { ServiceKey, Tenant } from './service-key';

/**
 * The etcd-style key layout of Service-Center (datasource/etcd/path/key_generator.go), used
 * as the `key` of admin dump items and parsed positionally by peers.
 */
export const KeyPrefix = {
  service: '/cse-sr/ms/files/',
  index: '/cse-sr/ms/indexes/',
  alias: '/cse-sr/ms/alias/',
  tags: '/cse-sr/ms/tags/',
  depRule: '/cse-sr/ms/dep-rules/',
  depQueue: '/cse-sr/ms/dep-queue/',
  schema: '/cse-sr/ms/schemas/',
  schemaRef: '/cse-sr/ms/schema-ref/',
  schemaContent: '/cse-sr/ms/schema-content/',
  summary: '/cse-sr/ms/schema-sum/',
  instance: '/cse-sr/inst/files/',
  lease: '/cse-sr/inst/leases/',
} as const;

export type KeyKind = keyof typeof KeyPrefix;

const tp = (t: Tenant) => `${t.domain}/${t.project}`;

export const etcdKey = {
  service: (t: Tenant, serviceId: string) => `${KeyPrefix.service}${tp(t)}/${serviceId}`,
  index: (k: ServiceKey) =>
    `${KeyPrefix.index}${k.domain}/${k.project}/${k.environment}/${k.appId}/${k.serviceName}/${k.version}`,
  alias: (k: ServiceKey) =>
    `${KeyPrefix.alias}${k.domain}/${k.project}/${k.environment}/${k.appId}/${k.serviceName}/${k.version}`,
  tags: (t: Tenant, serviceId: string) => `${KeyPrefix.tags}${tp(t)}/${serviceId}`,
  depRule: (t: Tenant, side: 'c' | 'p', k: Omit<ServiceKey, 'domain' | 'project'>) =>
    `${KeyPrefix.depRule}${tp(t)}/${side}/${k.environment}/${k.appId}/${k.serviceName}/${k.version}`,
  depQueue: (t: Tenant, consumerId: string, uuid: string) => `${KeyPrefix.depQueue}${tp(t)}/${consumerId}/${uuid}`,
  schema: (t: Tenant, serviceId: string, schemaId: string) => `${KeyPrefix.schema}${tp(t)}/${serviceId}/${schemaId}`,
  schemaRef: (t: Tenant, serviceId: string, schemaId: string) => `${KeyPrefix.schemaRef}${tp(t)}/${serviceId}/${schemaId}`,
  schemaContent: (t: Tenant, hash: string) => `${KeyPrefix.schemaContent}${tp(t)}/${hash}`,
  summary: (t: Tenant, serviceId: string, schemaId: string) => `${KeyPrefix.summary}${tp(t)}/${serviceId}/${schemaId}`,
  instance: (t: Tenant, serviceId: string, instanceId: string) => `${KeyPrefix.instance}${tp(t)}/${serviceId}/${instanceId}`,
  lease: (t: Tenant, serviceId: string, instanceId: string) => `${KeyPrefix.lease}${tp(t)}/${serviceId}/${instanceId}`,
};

export type ParsedKey =
  | Readonly<{ kind: 'service'; tenant: Tenant; serviceId: string }>
  | Readonly<{ kind: 'index' | 'alias'; key: ServiceKey }>
  | Readonly<{ kind: 'tags'; tenant: Tenant; serviceId: string }>
  | Readonly<{ kind: 'depRule'; tenant: Tenant; side: 'c' | 'p'; key: ServiceKey }>
  | Readonly<{ kind: 'depQueue'; tenant: Tenant; consumerId: string; uuid: string }>
  | Readonly<{ kind: 'summary' | 'schemaRef' | 'schema'; tenant: Tenant; serviceId: string; schemaId: string }>
  | Readonly<{ kind: 'schemaContent'; tenant: Tenant; hash: string }>
  | Readonly<{ kind: 'instance' | 'lease'; tenant: Tenant; serviceId: string; instanceId: string }>;

function segments(key: string, prefix: string, n: number): string[] | undefined {
  if (!key.startsWith(prefix)) return undefined;
  const parts = key.slice(prefix.length).split('/');
  return parts.length === n ? parts : undefined;
}

/** Parse an etcd-style key; undefined when it is not one of ours. Never throws. */
export function parseEtcdKey(key: string): ParsedKey | undefined {
  if (typeof key !== 'string') return undefined;
  let p: string[] | undefined;
  if ((p = segments(key, KeyPrefix.service, 3))) return { kind: 'service', tenant: { domain: p[0], project: p[1] }, serviceId: p[2] };
  for (const kind of ['index', 'alias'] as const) {
    if ((p = segments(key, KeyPrefix[kind], 6)))
      return {
        kind,
        key: { domain: p[0], project: p[1], environment: p[2], appId: p[3], serviceName: p[4], version: p[5] },
      };
  }
  if ((p = segments(key, KeyPrefix.tags, 3))) return { kind: 'tags', tenant: { domain: p[0], project: p[1] }, serviceId: p[2] };
  if ((p = segments(key, KeyPrefix.depRule, 7)) && (p[2] === 'c' || p[2] === 'p'))
    return {
      kind: 'depRule',
      tenant: { domain: p[0], project: p[1] },
      side: p[2],
      key: { domain: p[0], project: p[1], environment: p[3], appId: p[4], serviceName: p[5], version: p[6] },
    };
  if ((p = segments(key, KeyPrefix.depQueue, 4)))
    return { kind: 'depQueue', tenant: { domain: p[0], project: p[1] }, consumerId: p[2], uuid: p[3] };
  for (const kind of ['summary', 'schemaRef', 'schema'] as const) {
    if ((p = segments(key, KeyPrefix[kind], 4)))
      return { kind, tenant: { domain: p[0], project: p[1] }, serviceId: p[2], schemaId: p[3] };
  }
  if ((p = segments(key, KeyPrefix.schemaContent, 3)))
    return { kind: 'schemaContent', tenant: { domain: p[0], project: p[1] }, hash: p[2] };
  for (const kind of ['instance', 'lease'] as const) {
    if ((p = segments(key, KeyPrefix[kind], 4)))
      return { kind, tenant: { domain: p[0], project: p[1] }, serviceId: p[2], instanceId: p[3] };
  }
  return undefined;
}
