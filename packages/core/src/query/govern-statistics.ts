import type { Tenant } from '../keys/service-key';
import { isGlobalService } from '../keys/global-service';
import type { MicroService } from '../model/micro-service';
import type { GovernStatistics } from '../model/govern';

export type CountedService = MicroService & Readonly<{ serviceId: string }>;

const count = (n: number): Readonly<{ count?: number }> => (n > 0 ? { count: n } : {});

/**
 * Service-Center's overview counts: services are distinct env/app/name (versions collapsed),
 * online ones have at least one instance, instances are those of the counted services, apps
 * distinct appIds; its own service is left out unless `withShared`. Zero counts are omitted.
 * `countByDomain` counts the same instances: service ids are per project here, so no other
 * project of the domain holds instances of these services.
 */
export function governStatistics(
  tenant: Tenant,
  services: readonly CountedService[],
  instanceCount: (serviceId: string) => number,
  withShared: boolean,
): GovernStatistics {
  const names = new Set<string>();
  const online = new Set<string>();
  const apps = new Set<string>();
  let instances = 0;
  for (const s of services) {
    if (!withShared && isGlobalService(tenant, s)) continue;
    const name = JSON.stringify([s.environment ?? '', s.appId ?? '', s.serviceName ?? '']);
    names.add(name);
    apps.add(s.appId ?? '');
    const n = instanceCount(s.serviceId);
    instances += n;
    if (n > 0) online.add(name);
  }
  return {
    services: { ...count(names.size), ...(online.size > 0 ? { onlineCount: online.size } : {}) },
    instances: { ...count(instances), ...(instances > 0 ? { countByDomain: instances } : {}) },
    apps: count(apps.size),
  };
}
