import {
  KeyPrefix,
  MicroService,
  MicroServiceDependency,
  MicroServiceKey,
  Tenant,
  etcdKey,
  serviceKeyOf,
  tenantText,
} from '@service-center/core';
import type { KvOp, KvStore } from '../../store/kv';
import { StoredService, getService, serviceIdByKey, serviceIdsByName } from '../tables';

/**
 * Dependency rules as Service-Center v2.1+ keeps them: a `c` rule per consumer key lists its
 * providers (version `0.0.0+`: all versions), a `p` rule per provider env/app/name lists its
 * consumers. Unlike SC, writes apply at once (no queue).
 */
export const ALL_VERSIONS = '0.0.0+';

type Side = 'c' | 'p';
type KeyParts = { environment: string; appId: string; serviceName: string; version: string };

function partsOf(k: MicroServiceKey): KeyParts {
  return { environment: k.environment ?? '', appId: k.appId ?? '', serviceName: k.serviceName ?? '', version: k.version ?? '' };
}

function ruleKey(tenant: Tenant, side: Side, k: KeyParts): string {
  return etcdKey.depRule(tenant, side, k);
}

function readRule(store: KvStore, key: string): MicroServiceKey[] {
  return [...((store.get(key)?.value as MicroServiceDependency | undefined)?.Dependency ?? [])];
}

const sameTarget = (a: MicroServiceKey, b: MicroServiceKey) =>
  (a.environment ?? '') === (b.environment ?? '') && a.appId === b.appId && a.serviceName === b.serviceName;
const sameConsumer = (a: MicroServiceKey, b: MicroServiceKey) => sameTarget(a, b) && (a.version ?? '') === (b.version ?? '');

/** The consumer key of a stored service (tenant text included, as SC stores it). */
export function consumerKeyOf(tenant: Tenant, s: MicroService): MicroServiceKey {
  return {
    tenant: tenantText(tenant),
    environment: s.environment ?? '',
    appId: s.appId ?? '',
    serviceName: s.serviceName ?? '',
    version: s.version ?? '',
  };
}

/** A provider key as stored in rules: consumer's env, app defaulted, all versions. */
export function providerKeyFor(tenant: Tenant, consumer: MicroServiceKey, p: MicroServiceKey): MicroServiceKey {
  return {
    tenant: tenantText(tenant),
    environment: consumer.environment ?? '',
    appId: p.appId || consumer.appId || '',
    serviceName: p.serviceName ?? '',
    version: ALL_VERSIONS,
  };
}

/**
 * Store ops that set (override) or add to a consumer's providers, keeping the `p` rules in
 * step. `providers` must already be provider keys (see providerKeyFor).
 */
export function dependencyOps(
  store: KvStore,
  tenant: Tenant,
  consumer: MicroServiceKey,
  providers: readonly MicroServiceKey[],
  override: boolean,
): KvOp[] {
  const cKey = ruleKey(tenant, 'c', partsOf(consumer));
  const before = readRule(store, cKey);
  const after = override ? [] : [...before];
  for (const p of providers) if (!after.some((x) => sameTarget(x, p))) after.push(p);
  const ops: KvOp[] = [];
  ops.push(after.length > 0 ? { kind: 'put', key: cKey, value: { Dependency: after } } : { kind: 'delete', key: cKey });
  for (const removed of before.filter((b) => !after.some((a) => sameTarget(a, b)))) {
    ops.push(...consumerRemovalOps(store, tenant, removed, consumer));
  }
  for (const added of after.filter((a) => !before.some((b) => sameTarget(a, b)))) {
    const pKey = ruleKey(tenant, 'p', partsOf(added));
    const consumers = readRule(store, pKey);
    if (!consumers.some((c) => sameConsumer(c, consumer))) consumers.push(consumer);
    ops.push({ kind: 'put', key: pKey, value: { Dependency: consumers } });
  }
  return ops;
}

function consumerRemovalOps(store: KvStore, tenant: Tenant, provider: MicroServiceKey, consumer: MicroServiceKey): KvOp[] {
  const pKey = ruleKey(tenant, 'p', partsOf(provider));
  const rest = readRule(store, pKey).filter((c) => !sameConsumer(c, consumer));
  return [rest.length > 0 ? { kind: 'put', key: pKey, value: { Dependency: rest } } : { kind: 'delete', key: pKey }];
}

/** Ops removing every rule of a consumer (when the consumer service is deleted). */
export function consumerDeletionOps(store: KvStore, tenant: Tenant, consumer: MicroServiceKey): KvOp[] {
  return dependencyOps(store, tenant, consumer, [], true);
}

/** Does the consumer already have a rule on this provider (env/app/name)? */
export function hasDependency(store: KvStore, tenant: Tenant, consumer: MicroServiceKey, provider: MicroServiceKey): boolean {
  return readRule(store, ruleKey(tenant, 'c', partsOf(consumer))).some((p) => sameTarget(p, provider));
}

/** Provider services of a consumer: every version of each provider env/app/name it depends on. */
export function providersOf(store: KvStore, tenant: Tenant, consumer: MicroServiceKey): StoredService[] {
  const out = new Map<string, StoredService>();
  for (const p of readRule(store, ruleKey(tenant, 'c', partsOf(consumer)))) {
    for (const id of serviceIdsByName(store, tenant, p.environment ?? '', p.appId ?? '', p.serviceName ?? '')) {
      const s = getService(store, tenant, id);
      if (s) out.set(id, s);
    }
  }
  return [...out.values()];
}

/** Consumer keys depending on a provider env/app/name (rules of any version). */
export function consumerKeysOf(store: KvStore, tenant: Tenant, provider: Omit<KeyParts, 'version'>): MicroServiceKey[] {
  const dir = `${KeyPrefix.depRule}${tenant.domain}/${tenant.project}/p/${provider.environment}/${provider.appId}/${provider.serviceName}/`;
  const out: MicroServiceKey[] = [];
  for (const kv of store.range(dir)) {
    for (const c of (kv.value as MicroServiceDependency).Dependency ?? []) if (!out.some((x) => sameConsumer(x, c))) out.push(c);
  }
  return out;
}

/** Consumer services of a provider service. */
export function consumersOf(store: KvStore, tenant: Tenant, provider: StoredService): StoredService[] {
  const keys = consumerKeysOf(store, tenant, {
    environment: provider.service.environment ?? '',
    appId: provider.service.appId ?? '',
    serviceName: provider.service.serviceName ?? '',
  });
  const out: StoredService[] = [];
  for (const k of keys) {
    const id = serviceIdByKey(store, serviceKeyOf(tenant, k));
    const s = id ? getService(store, tenant, id) : undefined;
    if (s && !out.some((o) => o.service.serviceId === s.service.serviceId)) out.push(s);
  }
  return out;
}
