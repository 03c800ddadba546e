import type { DumpCache } from '../model/dump';
import type { ServiceKey } from '../keys/service-key';
import { parseEtcdKey } from '../keys/etcd-key';
import { serviceKeyOf } from '../keys/service-key';

type KeyFilter = (key: Pick<ServiceKey, 'environment' | 'appId' | 'serviceName'>) => boolean;

/**
 * The dump items a filter lets through: services whose key it accepts, and everything hanging
 * off them (indexes, aliases, tags, summaries, instances, dependency rules). An item whose
 * service is not in the dump is left out, since nothing says it may be shared.
 */
export function filterDump(cache: DumpCache, allow: KeyFilter | undefined): DumpCache {
  if (!allow) return cache;
  const shared = new Set<string>();
  const services = (cache.services ?? []).filter((item) => {
    const k = parseEtcdKey(item.key);
    if (k?.kind !== 'service' || !item.value) return false;
    const ok = allow(serviceKeyOf(k.tenant, item.value));
    if (ok) shared.add(`${k.tenant.domain}/${k.tenant.project}/${k.serviceId}`);
    return ok;
  });
  const byServiceId = (key: string): boolean => {
    const k = parseEtcdKey(key);
    return k !== undefined && 'serviceId' in k && shared.has(`${k.tenant.domain}/${k.tenant.project}/${k.serviceId}`);
  };
  // Index and alias items point at a service id: they follow that service.
  const pointer = (item: { key: string; value?: string }): boolean => {
    const k = parseEtcdKey(item.key);
    return (k?.kind === 'index' || k?.kind === 'alias') && item.value !== undefined && shared.has(`${k.key.domain}/${k.key.project}/${item.value}`);
  };
  const depRule = (item: { key: string }): boolean => {
    const k = parseEtcdKey(item.key);
    return k?.kind === 'depRule' && allow(k.key);
  };
  const section = <T>(items: readonly T[] | undefined, keep: (item: T) => boolean): T[] | undefined => {
    const kept = (items ?? []).filter(keep);
    return kept.length > 0 ? kept : undefined;
  };
  return {
    services: services.length > 0 ? services : undefined,
    serviceIndexes: section(cache.serviceIndexes, pointer),
    serviceAliases: section(cache.serviceAliases, pointer),
    serviceTags: section(cache.serviceTags, (i) => byServiceId(i.key)),
    dependencyRules: section(cache.dependencyRules, depRule),
    summaries: section(cache.summaries, (i) => byServiceId(i.key)),
    instances: section(cache.instances, (i) => byServiceId(i.key)),
  };
}
