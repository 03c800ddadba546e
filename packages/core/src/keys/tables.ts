import * as t from 'io-ts';
import { StringMap } from '../codec/optional';
import { MicroService } from '../model/micro-service';
import { MicroServiceInstance } from '../model/instance';
import { MicroServiceDependency } from '../model/dependency';
import type { ServiceKey, Tenant } from './service-key';
import { KeyKind, KeyPrefix } from './etcd-key';

/**
 * What each table of the registry store holds, by key kind: the store's schema. Values are
 * validated at the API before they are written, so readers take them as these types.
 */
export const StoredValue = {
  service: t.intersection([MicroService, t.type({ serviceId: t.string })]),
  index: t.string,
  alias: t.string,
  tags: StringMap,
  depRule: MicroServiceDependency,
  depQueue: t.unknown,
  schema: t.string,
  schemaRef: t.string,
  schemaContent: t.string,
  summary: t.string,
  instance: t.intersection([MicroServiceInstance, t.type({ serviceId: t.string, instanceId: t.string })]),
  lease: t.string,
} satisfies Record<KeyKind, t.Mixed>;

export type StoredValueOf<K extends KeyKind> = t.TypeOf<(typeof StoredValue)[K]>;

const tp = (t: Tenant) => `${t.domain}/${t.project}`;

/** The key prefixes that select rows: a whole table, one tenant's rows, one service's rows. */
export const keyScope = {
  all: (kind: KeyKind) => KeyPrefix[kind],
  tenant: (kind: KeyKind, tenant: Tenant) => `${KeyPrefix[kind]}${tp(tenant)}/`,
  /** Rows keyed under a serviceId: schemas, schema refs, summaries, instances, leases. */
  service: (kind: 'schema' | 'schemaRef' | 'summary' | 'instance' | 'lease', tenant: Tenant, serviceId: string) =>
    `${KeyPrefix[kind]}${tp(tenant)}/${serviceId}/`,
  /** Every version of env/app/name in the name or alias index. */
  versions: (kind: 'index' | 'alias', tenant: Tenant, k: Pick<ServiceKey, 'environment' | 'appId' | 'serviceName'>) =>
    `${KeyPrefix[kind]}${tp(tenant)}/${k.environment}/${k.appId}/${k.serviceName}/`,
  /** Every version's rules on one side (`p` provider, `c` consumer) of env/app/name. */
  depRules: (tenant: Tenant, side: 'c' | 'p', k: Pick<ServiceKey, 'environment' | 'appId' | 'serviceName'>) =>
    `${KeyPrefix.depRule}${tp(tenant)}/${side}/${k.environment}/${k.appId}/${k.serviceName}/`,
};
