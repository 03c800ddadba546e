import { GLOBAL_TENANT, GovernServicesResponse, ORIGIN_CLUSTERS_FIELD, ReservedProperties, isGlobalService } from '@service-center/core';
import { V4, getJson } from '../api';

/** One service (one serviceId) of the merged view, with where its instances run. */
export type ServiceRow = Readonly<{
  serviceId: string;
  environment: string;
  appId: string;
  serviceName: string;
  version: string;
  /** Clusters that hold the definition. */
  clusters: readonly string[];
  /** Instances by origin cluster. */
  instancesByCluster: Readonly<Record<string, number>>;
  instances: number;
  shared: boolean;
}>;

export type ServicesData = Readonly<{ rows: readonly ServiceRow[]; clusters: readonly string[] }>;

/**
 * The merged view's services with their instances (the govern list with `global=true`: each
 * instance carries its origin cluster). One request for the whole list, so a page stays one
 * round trip at 1,000 services.
 */
export async function loadServices(signal: AbortSignal): Promise<ServicesData> {
  const list = await getJson(`${V4}/govern/microservices?options=instances&withShared=true&global=true`, GovernServicesResponse, signal);
  const allClusters = new Set<string>();
  const rows: ServiceRow[] = (list.allServicesDetail ?? []).map((d) => {
    const s = d.microService ?? {};
    const clusters = [...(d[ORIGIN_CLUSTERS_FIELD] ?? [])].sort();
    const counts: Record<string, number> = {};
    for (const i of d.instances ?? []) {
      const origin = i.properties?.[ReservedProperties.origin] ?? clusters[0] ?? '';
      counts[origin] = (counts[origin] ?? 0) + 1;
    }
    for (const c of [...clusters, ...Object.keys(counts)]) allClusters.add(c);
    return {
      serviceId: s.serviceId ?? '',
      environment: s.environment ?? '',
      appId: s.appId ?? 'default',
      serviceName: s.serviceName ?? '',
      version: s.version ?? '',
      clusters,
      instancesByCluster: counts,
      instances: (d.instances ?? []).length,
      shared: isGlobalService(GLOBAL_TENANT, s),
    };
  });
  rows.sort((a, b) => a.serviceName.localeCompare(b.serviceName) || a.appId.localeCompare(b.appId) || a.version.localeCompare(b.version, undefined, { numeric: true }));
  return { rows, clusters: [...allClusters].filter((c) => c !== '').sort() };
}

export type ServiceFilter = Readonly<{ app: string; env: string; name: string; shared: boolean }>;

export function filterRows(rows: readonly ServiceRow[], f: ServiceFilter): readonly ServiceRow[] {
  const name = f.name.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (f.shared || !r.shared) &&
      (f.app === '' || r.appId === f.app) &&
      (f.env === '' || r.environment === f.env) &&
      (name === '' || r.serviceName.toLowerCase().includes(name)),
  );
}
