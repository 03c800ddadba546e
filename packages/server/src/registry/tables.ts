import {
  DEFAULT_TENANT,
  KeyPrefix,
  MicroService,
  MicroServiceInstance,
  ServiceKey,
  Tenant,
  etcdKey,
} from '@service-center/core';
import type { Kv, KvStore } from '../store/kv';

/**
 * Typed reads over the store. Values were validated when written, so they are read back as
 * their types without decoding again (the store is not the wire).
 */
export type StoredService = Readonly<{ tenant: Tenant; service: MicroService & { serviceId: string }; kv: Kv }>;
export type StoredInstance = Readonly<{
  tenant: Tenant;
  instance: MicroServiceInstance & { serviceId: string; instanceId: string };
  kv: Kv;
  /** What else moves the answer's revision (a merged instance's origin and staleness). */
  revisionExtra?: string;
}>;

export function getService(store: KvStore, tenant: Tenant, serviceId: string): StoredService | undefined {
  const kv = store.get(etcdKey.service(tenant, serviceId));
  return kv ? { tenant, service: kv.value as StoredService['service'], kv } : undefined;
}

export function listServices(store: KvStore, tenant: Tenant): StoredService[] {
  return store
    .range(`${KeyPrefix.service}${tenant.domain}/${tenant.project}/`)
    .map((kv) => ({ tenant, service: kv.value as StoredService['service'], kv }));
}

/** serviceId registered under an exact key (name index first, then alias, as SC does). */
export function serviceIdByKey(store: KvStore, key: ServiceKey): string | undefined {
  const byName = store.get(etcdKey.index(key));
  if (byName) return byName.value as string;
  const byAlias = store.get(etcdKey.alias(key));
  return byAlias ? (byAlias.value as string) : undefined;
}

function idsUnder(store: KvStore, prefix: string): string[] {
  return store.range(prefix).map((kv) => kv.value as string);
}

/**
 * All versions of env/app/name: ids by name, or by alias when no name matches (SC's
 * FindServiceIds). `serviceName` may be a name or an alias.
 */
export function serviceIdsByName(
  store: KvStore,
  tenant: Tenant,
  environment: string,
  appId: string,
  serviceName: string,
): string[] {
  const dir = `${tenant.domain}/${tenant.project}/${environment}/${appId}/${serviceName}/`;
  const byName = idsUnder(store, `${KeyPrefix.index}${dir}`);
  return byName.length > 0 ? byName : idsUnder(store, `${KeyPrefix.alias}${dir}`);
}

export function countInstances(store: KvStore, tenant: Tenant, serviceId: string): number {
  return store.count(`${KeyPrefix.instance}${tenant.domain}/${tenant.project}/${serviceId}/`);
}

export function getTags(store: KvStore, tenant: Tenant, serviceId: string): Readonly<Record<string, string>> {
  return (store.get(etcdKey.tags(tenant, serviceId))?.value as Record<string, string> | undefined) ?? {};
}

/** Is this tenant SC's own (`default/default`)? */
export function isDefaultTenant(t: Tenant): boolean {
  return t.domain === DEFAULT_TENANT.domain && t.project === DEFAULT_TENANT.project;
}
