import { DumpCache, IndexItem, InstanceItem, InstanceRecord, ServiceItem, ServiceRecord, etcdKey, serviceKeyOf } from '@service-center/core';

/**
 * Dump items of this server's own records that are not in its store (the `k8s` source's):
 * labelled with this server's cluster name like the store's items, with index items so
 * Service-Center peers can look the services up by name.
 */
export function ownDumpItems(
  records: Readonly<{ services: readonly ServiceRecord[]; instances: readonly InstanceRecord[] }> | undefined,
  cluster: string,
): DumpCache {
  const out = { services: [] as ServiceItem[], serviceIndexes: [] as IndexItem[], instances: [] as InstanceItem[] };
  for (const r of records?.services ?? []) {
    const id = r.service.serviceId;
    out.services.push({ key: etcdKey.service(r.tenant, id), rev: r.rev, cluster, value: r.service });
    out.serviceIndexes.push({ key: etcdKey.index(serviceKeyOf(r.tenant, r.service)), rev: r.rev, cluster, value: id });
  }
  for (const r of records?.instances ?? []) {
    out.instances.push({ key: etcdKey.instance(r.tenant, r.instance.serviceId, r.instance.instanceId), rev: r.rev, cluster, value: r.instance });
  }
  return out;
}

/** Section by section, `a`'s items then `b`'s. */
export function concatDumpItems(a: DumpCache, b: DumpCache): DumpCache {
  const out: Record<string, unknown[]> = { ...a };
  for (const [name, items] of Object.entries(b)) out[name] = [...(out[name] ?? []), ...(items ?? [])];
  return out as DumpCache;
}
