import type { InstanceEntry, View } from '../aggregate/view';
import { serviceEntryOf } from '../aggregate/view';
import { serviceKeyOf, serviceKeyText } from '../keys/service-key';
import type { ServiceKey, Tenant } from '../keys/service-key';
import { ReservedProperties } from '../model/reserved-properties';
import { FailoverCandidate, FailoverPolicy, selectFailover } from './failover';
import type { InstanceRead, RegistryReads } from './reads';
import { entryRead } from './view-reads';

/** What a plain read of one local service serves under a failover policy. */
export type FailoverAnswer = Readonly<{
  key: ServiceKey;
  instances: readonly InstanceRead[];
  /** The remote instances added (marked), in cluster order; empty while the local cluster suffices. */
  added: readonly InstanceRead[];
  clusters: readonly string[];
}>;

const isUp = (r: InstanceRead) => (r.instance.status ?? 'UP') === 'UP';

/** A remote instance served by failover: origin and failover flag in its properties, its own revision token. */
function failoverRead(e: InstanceEntry): InstanceRead {
  const r = entryRead(e);
  const properties = { ...(r.instance.properties ?? {}), [ReservedProperties.failover]: 'true' };
  return { instance: { ...r.instance, properties }, rev: `failover\u0000${r.rev}` };
}

/**
 * The local service's instances plus, when the policy calls for it, other clusters' instances
 * of the same logical service from the merged view. Undefined for an unknown service.
 */
export function failoverAnswer(local: RegistryReads, view: View, policy: FailoverPolicy, tenant: Tenant, serviceId: string): FailoverAnswer | undefined {
  const service = local.service(tenant, serviceId);
  if (!service) return undefined;
  const key = serviceKeyOf(tenant, service);
  const own = local.instances(tenant, serviceId);
  const scope = policy.mode === 'off' ? undefined : serviceEntryOf(view, serviceKeyText(key))?.global;
  const localCandidates = own.map((r): FailoverCandidate<InstanceRead> => ({ item: r, origin: view.self, up: isUp(r), stale: false, demoted: false }));
  const remote = (scope?.instances ?? [])
    .filter((e) => e.origin !== view.self)
    .map((e): FailoverCandidate<InstanceEntry> => ({ item: e, origin: e.origin, up: (e.instance.status ?? 'UP') === 'UP', stale: e.stale, demoted: e.demoted }));
  const selection = selectFailover(localCandidates, remote, policy);
  const added = selection.added.map((c) => failoverRead(c.item));
  return { key, instances: [...own, ...added], added, clusters: selection.clusters };
}

/**
 * Plain (non-global) reads under a failover policy: the local registry's reads, whose
 * instance lists gain other clusters' instances while the local cluster lacks healthy ones.
 * Everything else (services, tags, lookups) stays local.
 */
export function failoverReads(local: RegistryReads, view: () => View, policy: () => FailoverPolicy): RegistryReads {
  // The policy is read per call: a reload may turn failover on or off.
  const answer = (tenant: Tenant, serviceId: string) => {
    const p = policy();
    return p.mode === 'off' ? undefined : failoverAnswer(local, view(), p, tenant, serviceId);
  };
  return {
    ...local,
    instances: (tenant, serviceId) => answer(tenant, serviceId)?.instances ?? local.instances(tenant, serviceId),
    instance: (tenant, serviceId, instanceId) =>
      local.instance(tenant, serviceId, instanceId) ?? answer(tenant, serviceId)?.added.find((r) => r.instance.instanceId === instanceId),
  };
}
