import {
  MicroService,
  MicroServiceKey,
  Tenant,
  etcdKey,
  keyScope,
  serviceKeyOf,
  tenantText,
} from '@service-center/core';
import type { ReadService, RegistryReads } from '@service-center/core';
import type { KvOp, KvStore } from '../../store/kv';
import { getService, putRow, readRow, rowsUnder, serviceIdByKey, serviceIdsByName } from '../tables';

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

/** A rule's keys: one side of one key, and the write or delete that stores its list. */
function rule(tenant: Tenant, side: Side, k: KeyParts) {
  const key = etcdKey.depRule(tenant, side, k);
  return {
    key,
    read: (store: KvStore): MicroServiceKey[] => [...(readRow(store, 'depRule', tenant, side, k)?.value.Dependency ?? [])],
    write: (list: MicroServiceKey[]): KvOp => (list.length > 0 ? putRow('depRule', { Dependency: list }, tenant, side, k) : { kind: 'delete', key }),
  };
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
  const cRule = rule(tenant, 'c', partsOf(consumer));
  const before = cRule.read(store);
  const after = override ? [] : [...before];
  for (const p of providers) if (!after.some((x) => sameTarget(x, p))) after.push(p);
  const ops: KvOp[] = [];
  ops.push(cRule.write(after));
  for (const removed of before.filter((b) => !after.some((a) => sameTarget(a, b)))) {
    ops.push(...consumerRemovalOps(store, tenant, removed, consumer));
  }
  for (const added of after.filter((a) => !before.some((b) => sameTarget(a, b)))) {
    const pRule = rule(tenant, 'p', partsOf(added));
    const consumers = pRule.read(store);
    if (!consumers.some((c) => sameConsumer(c, consumer))) consumers.push(consumer);
    ops.push(pRule.write(consumers));
  }
  return ops;
}

function consumerRemovalOps(store: KvStore, tenant: Tenant, provider: MicroServiceKey, consumer: MicroServiceKey): KvOp[] {
  const pRule = rule(tenant, 'p', partsOf(provider));
  return [pRule.write(pRule.read(store).filter((c) => !sameConsumer(c, consumer)))];
}

/** Ops removing every rule of a consumer (when the consumer service is deleted). */
export function consumerDeletionOps(store: KvStore, tenant: Tenant, consumer: MicroServiceKey): KvOp[] {
  return dependencyOps(store, tenant, consumer, [], true);
}

/** Does the consumer already have a rule on this provider (env/app/name)? */
export function hasDependency(store: KvStore, tenant: Tenant, consumer: MicroServiceKey, provider: MicroServiceKey): boolean {
  return rule(tenant, 'c', partsOf(consumer)).read(store).some((p) => sameTarget(p, provider));
}

/** How rule keys become services: through the store itself, or another read (the merged view). */
export type ServiceLookup = Pick<RegistryReads, 'service' | 'serviceIdsByName' | 'serviceIdByKey'>;

export function storeLookup(store: KvStore): ServiceLookup {
  return {
    service: (tenant, id) => getService(store, tenant, id)?.service,
    serviceIdsByName: (tenant, env, app, name) => serviceIdsByName(store, tenant, env, app, name),
    serviceIdByKey: (key) => serviceIdByKey(store, key),
  };
}

/** Provider services of a consumer: every version of each provider env/app/name it depends on. */
export function providersOf(store: KvStore, tenant: Tenant, consumer: MicroServiceKey, lookup = storeLookup(store)): ReadService[] {
  const out = new Map<string, ReadService>();
  for (const p of rule(tenant, 'c', partsOf(consumer)).read(store)) {
    for (const id of lookup.serviceIdsByName(tenant, p.environment ?? '', p.appId ?? '', p.serviceName ?? '')) {
      const s = lookup.service(tenant, id);
      if (s) out.set(id, s);
    }
  }
  return [...out.values()];
}

/** Consumer keys depending on a provider env/app/name (rules of any version). */
export function consumerKeysOf(store: KvStore, tenant: Tenant, provider: Omit<KeyParts, 'version'>): MicroServiceKey[] {
  const out: MicroServiceKey[] = [];
  for (const r of rowsUnder(store, 'depRule', keyScope.depRules(tenant, 'p', provider))) {
    for (const c of r.value.Dependency ?? []) if (!out.some((x) => sameConsumer(x, c))) out.push(c);
  }
  return out;
}

/** Consumer services of a provider service. */
export function consumersOf(store: KvStore, tenant: Tenant, provider: MicroService, lookup = storeLookup(store)): ReadService[] {
  const keys = consumerKeysOf(store, tenant, {
    environment: provider.environment ?? '',
    appId: provider.appId ?? '',
    serviceName: provider.serviceName ?? '',
  });
  const out: ReadService[] = [];
  for (const k of keys) {
    const id = lookup.serviceIdByKey(serviceKeyOf(tenant, k));
    const s = id ? lookup.service(tenant, id) : undefined;
    if (s && !out.some((o) => o.serviceId === s.serviceId)) out.push(s);
  }
  return out;
}
