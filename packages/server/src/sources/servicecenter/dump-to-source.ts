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

/** The origin clusters a peer's dump carries records of (its own name included). */
export function dumpOrigins(peerName: string, cache: DumpCache): Set<string> {
  const out = new Set<string>();
  for (const section of [cache.services, cache.instances, cache.serviceTags, cache.summaries]) {
    for (const item of section ?? []) out.add(originOf(item.cluster, peerName));
  }
  return out;
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
  return { cluster: peerName, kind: 'servicecenter', health, revision, services, instances, tags, summaries };
}
