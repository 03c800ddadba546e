import {
  DumpCache,
  InstanceRecord,
  ServiceRecord,
  SourceHealth,
  SourceInput,
  SummaryRecord,
  TagsRecord,
  parseEtcdKey,
} from '@service-center/core';

/**
 * Service-Center's relabel rule: items a peer marks with an empty or `default` cluster are
 * its own, so they take the name we use for that peer; other names are origins it relayed.
 */
export function originOf(itemCluster: string | undefined, peerName: string): string {
  return !itemCluster || itemCluster === 'default' ? peerName : itemCluster;
}

/** Turn a peer's admin dump into the plain records of a `servicecenter` source snapshot. */
export function dumpToSource(peerName: string, cache: DumpCache, health: SourceHealth, revision?: string): SourceInput {
  const services: ServiceRecord[] = [];
  const instances: InstanceRecord[] = [];
  const tags: TagsRecord[] = [];
  const summaries: SummaryRecord[] = [];
  for (const item of cache.services ?? []) {
    const k = parseEtcdKey(item.key);
    if (k?.kind !== 'service' || !item.value) continue;
    services.push({
      origin: originOf(item.cluster, peerName),
      rev: item.rev ?? 0,
      tenant: k.tenant,
      service: { ...item.value, serviceId: k.serviceId },
    });
  }
  for (const item of cache.instances ?? []) {
    const k = parseEtcdKey(item.key);
    if (k?.kind !== 'instance' || !item.value) continue;
    instances.push({
      origin: originOf(item.cluster, peerName),
      rev: item.rev ?? 0,
      tenant: k.tenant,
      instance: { ...item.value, serviceId: k.serviceId, instanceId: k.instanceId },
    });
  }
  for (const item of cache.serviceTags ?? []) {
    const k = parseEtcdKey(item.key);
    if (k?.kind !== 'tags' || !item.value) continue;
    tags.push({ origin: originOf(item.cluster, peerName), rev: item.rev ?? 0, tenant: k.tenant, serviceId: k.serviceId, tags: item.value });
  }
  for (const item of cache.summaries ?? []) {
    const k = parseEtcdKey(item.key);
    if (k?.kind !== 'summary' || item.value === undefined) continue;
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
