import { DumpCache, IndexItem, InstanceItem, ServiceItem, SummaryItem, TagItem, View, etcdKey, servedInstances, serviceEntries, serviceKeyOf } from '@service-center/core';

/**
 * What the dump adds to the local store's items: every record of the merged view whose
 * origin is another cluster, labelled with that origin (so a Service-Center peer, or ours,
 * keeps it through relays), with index and alias items so SC can look services up by name.
 */
export function remoteDumpItems(view: View, self: string): DumpCache {
  const out = {
    services: [] as ServiceItem[],
    serviceIndexes: [] as IndexItem[],
    serviceAliases: [] as IndexItem[],
    serviceTags: [] as TagItem[],
    summaries: [] as SummaryItem[],
    instances: [] as InstanceItem[],
  };
  for (const entry of serviceEntries(view)) {
    const scope = entry.global;
    if (!scope) continue;
    const d = scope.definition;
    const tenant = { domain: entry.key.domain, project: entry.key.project };
    if (d.origin !== self) {
      const service = { ...d.record.service, serviceId: d.serviceId };
      const key = serviceKeyOf(tenant, service);
      out.services.push({ key: etcdKey.service(tenant, d.serviceId), rev: d.rev, cluster: d.origin, value: service });
      out.serviceIndexes.push({ key: etcdKey.index(key), rev: d.rev, cluster: d.origin, value: d.serviceId });
      if (service.alias) {
        out.serviceAliases.push({ key: etcdKey.alias({ ...key, serviceName: service.alias }), rev: d.rev, cluster: d.origin, value: d.serviceId });
      }
      if (d.tags && Object.keys(d.tags).length > 0) {
        out.serviceTags.push({ key: etcdKey.tags(tenant, d.serviceId), rev: d.rev, cluster: d.origin, value: d.tags });
      }
      for (const [schemaId, s] of d.summaries ?? []) {
        out.summaries.push({ key: etcdKey.summary(tenant, d.serviceId, schemaId), rev: s.rev, cluster: s.origin, value: s.summary });
      }
    }
    for (const i of servedInstances(scope)) {
      if (i.origin === self) continue;
      const instance = { ...i.instance, serviceId: i.serviceId, instanceId: i.instanceId };
      out.instances.push({ key: etcdKey.instance(tenant, i.serviceId, i.instanceId), rev: i.rev, cluster: i.origin, value: instance });
    }
  }
  return out;
}
