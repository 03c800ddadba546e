import {
  DEFAULT_TENANT,
  KeyKind,
  KeyPrefix,
  ServiceKey,
  StoredValueOf,
  Tenant,
  etcdKey,
  keyScope,
} from '@service-center/core';
import type { Kv, KvOp, KvStore } from '../store/kv';

/**
 * The typed table layer over the store. Each table is a key kind of core's `etcdKey`, whose
 * builder makes its keys and whose `StoredValue` codec is its row type. Values are validated
 * at the API before they are written through `putRow`, so they are read back as their types
 * without decoding again (the store is not the wire).
 */
export type Row<K extends KeyKind> = Readonly<{ kv: Kv; value: StoredValueOf<K> }>;

type KeyArgs<K extends KeyKind> = Parameters<(typeof etcdKey)[K]>;

function keyOf<K extends KeyKind>(kind: K, args: KeyArgs<K>): string {
  return (etcdKey[kind] as (...a: KeyArgs<K>) => string)(...args);
}

/** The one place a stored value gets its type: what `putRow` wrote into this table. */
export function valueOf<K extends KeyKind>(kind: K, kv: Kv): StoredValueOf<K> {
  if (!kv.key.startsWith(KeyPrefix[kind])) throw new Error(`key ${kv.key} is not in the ${kind} table`);
  return kv.value as StoredValueOf<K>;
}

/** One row, by the arguments of its key. */
export function readRow<K extends KeyKind>(store: KvStore, kind: K, ...args: KeyArgs<K>): Row<K> | undefined {
  const kv = store.get(keyOf(kind, args));
  return kv ? { kv, value: valueOf(kind, kv) } : undefined;
}

/** The rows under a `keyScope` prefix of the table, in key order. */
export function rowsUnder<K extends KeyKind>(store: KvStore, kind: K, prefix: string): Row<K>[] {
  if (!prefix.startsWith(KeyPrefix[kind])) throw new Error(`prefix ${prefix} is not in the ${kind} table`);
  return store.range(prefix).map((kv) => ({ kv, value: kv.value as StoredValueOf<K> }));
}

/** A transaction's write of one row. */
export function putRow<K extends KeyKind>(kind: K, value: StoredValueOf<K>, ...args: KeyArgs<K>): Extract<KvOp, { kind: 'put' }> {
  return { kind: 'put', key: keyOf(kind, args), value };
}

export type StoredService = Readonly<{ tenant: Tenant; service: StoredValueOf<'service'>; kv: Kv }>;
export type StoredInstance = Readonly<{
  tenant: Tenant;
  instance: StoredValueOf<'instance'>;
  kv: Kv;
  /** What else moves the answer's revision (a merged instance's origin and staleness). */
  revisionExtra?: string;
}>;

export function getService(store: KvStore, tenant: Tenant, serviceId: string): StoredService | undefined {
  const row = readRow(store, 'service', tenant, serviceId);
  return row ? { tenant, service: row.value, kv: row.kv } : undefined;
}

export function listServices(store: KvStore, tenant: Tenant): StoredService[] {
  return rowsUnder(store, 'service', keyScope.tenant('service', tenant)).map((r) => ({ tenant, service: r.value, kv: r.kv }));
}

/** serviceId registered under an exact key (name index first, then alias, as SC does). */
export function serviceIdByKey(store: KvStore, key: ServiceKey): string | undefined {
  return readRow(store, 'index', key)?.value ?? readRow(store, 'alias', key)?.value;
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
  const k = { environment, appId, serviceName };
  const byName = rowsUnder(store, 'index', keyScope.versions('index', tenant, k)).map((r) => r.value);
  return byName.length > 0 ? byName : rowsUnder(store, 'alias', keyScope.versions('alias', tenant, k)).map((r) => r.value);
}

export function countInstances(store: KvStore, tenant: Tenant, serviceId: string): number {
  return store.count(keyScope.service('instance', tenant, serviceId));
}

export function getTags(store: KvStore, tenant: Tenant, serviceId: string): Readonly<Record<string, string>> {
  return readRow(store, 'tags', tenant, serviceId)?.value ?? {};
}

/** Is this tenant SC's own (`default/default`)? */
export function isDefaultTenant(t: Tenant): boolean {
  return t.domain === DEFAULT_TENANT.domain && t.project === DEFAULT_TENANT.project;
}
