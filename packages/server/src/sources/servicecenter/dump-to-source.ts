import {
  DumpCache,
  InstanceRecord,
  ServiceRecord,
  SourceHealth,
  SourceInput,
  SummaryRecord,
  TagsRecord,
  Tenant,
  parseEtcdKey,
} from '@service-center/core';
import { isSelfService } from '../../registry/common';

/**
 * Service-Center's relabel rule: items a peer marks with an empty or `default` cluster are
 * its own, so they take the name we use for that peer; other names are origins it relayed.
 */
export function originOf(itemCluster: string | undefined, peerName: string): string {
  return !itemCluster || itemCluster === 'default' ? peerName : itemCluster;
}

/** The records of a source snapshot, without its identity and health. */
export type DumpRecords = Required<Pick<SourceInput, 'services' | 'instances' | 'tags' | 'summaries'>>;

/** The origin clusters records come from (a peer's own name included). */
export function recordOrigins(records: DumpRecords): Set<string> {
  const out = new Set<string>();
  for (const section of [records.services, records.instances, records.tags, records.summaries]) for (const r of section) out.add(r.origin);
  return out;
}

/** The records whose origin `keep` lets in (the relay rule). */
export function recordsFrom(records: DumpRecords, keep: (origin: string) => boolean): DumpRecords {
  const ok = <R extends { origin: string }>(rs: readonly R[]) => (rs.every((r) => keep(r.origin)) ? rs : rs.filter((r) => keep(r.origin)));
  return { services: ok(records.services), instances: ok(records.instances), tags: ok(records.tags), summaries: ok(records.summaries) };
}

/**
 * Turn a peer's admin dump into the plain records of a `servicecenter` source snapshot.
 * Records of an origin `keep` refuses are left out (the relay rule: a direct peer's copies
 * relayed by another would outlive its own deletes, and an impostor's are not served).
 */
export function dumpToSource(
  peerName: string,
  cache: DumpCache,
  health: SourceHealth,
  revision?: string,
  keep: (origin: string) => boolean = () => true,
): SourceInput {
  return { cluster: peerName, kind: 'servicecenter', health, revision, ...dumpRecords(peerName, cache, keep) };
}

/** The records of `dumpToSource`, for a caller that adds the health once the dump is in. */
export function dumpRecords(peerName: string, cache: DumpCache, keep: (origin: string) => boolean = () => true): DumpRecords {
  // Each server's own SERVICECENTER registration is per server, not data to federate.
  const selfRefs = new Set<string>();
  for (const item of cache.services ?? []) {
    const k = parseEtcdKey(item.key);
    if (k?.kind === 'service' && item.value && isSelfService(k.tenant, item.value)) selfRefs.add(`${k.tenant.domain}/${k.tenant.project}/${k.serviceId}`);
  }
  const isSelf = (t: Tenant, serviceId: string) => selfRefs.has(`${t.domain}/${t.project}/${serviceId}`);
  const services: ServiceRecord[] = [];
  const instances: InstanceRecord[] = [];
  const tags: TagsRecord[] = [];
  const summaries: SummaryRecord[] = [];
  for (const item of cache.services ?? []) {
    const k = parseEtcdKey(item.key);
    if (k?.kind !== 'service' || !item.value || !keep(originOf(item.cluster, peerName)) || isSelf(k.tenant, k.serviceId)) continue;
    services.push({
      origin: originOf(item.cluster, peerName),
      rev: item.rev ?? 0,
      tenant: k.tenant,
      service: { ...item.value, serviceId: k.serviceId },
    });
  }
  for (const item of cache.instances ?? []) {
    const k = parseEtcdKey(item.key);
    if (k?.kind !== 'instance' || !item.value || !keep(originOf(item.cluster, peerName)) || isSelf(k.tenant, k.serviceId)) continue;
    instances.push({
      origin: originOf(item.cluster, peerName),
      rev: item.rev ?? 0,
      tenant: k.tenant,
      instance: { ...item.value, serviceId: k.serviceId, instanceId: k.instanceId },
    });
  }
  for (const item of cache.serviceTags ?? []) {
    const k = parseEtcdKey(item.key);
    if (k?.kind !== 'tags' || !item.value || !keep(originOf(item.cluster, peerName)) || isSelf(k.tenant, k.serviceId)) continue;
    tags.push({ origin: originOf(item.cluster, peerName), rev: item.rev ?? 0, tenant: k.tenant, serviceId: k.serviceId, tags: item.value });
  }
  for (const item of cache.summaries ?? []) {
    const k = parseEtcdKey(item.key);
    if (k?.kind !== 'summary' || item.value === undefined || !keep(originOf(item.cluster, peerName)) || isSelf(k.tenant, k.serviceId)) continue;
    summaries.push({
      origin: originOf(item.cluster, peerName),
      rev: item.rev ?? 0,
      tenant: k.tenant,
      serviceId: k.serviceId,
      schemaId: k.schemaId,
      summary: item.value,
    });
  }
  return { services, instances, tags, summaries };
}
