import { GovernServiceResponse, MicroService, MicroServiceInstance, ORIGIN_CLUSTERS_FIELD, ReservedProperties, Schema } from '@service-center/core';
import { V4, getJson } from '../api';
import { ServiceRow, loadServices } from './services';

/** An instance as the merged view serves it, with its origin and freshness marks read out. */
export type InstanceRow = Readonly<{
  instance: MicroServiceInstance;
  origin: string;
  stale: boolean;
  demoted: boolean;
  lastConfirmed: string;
}>;

export type ServiceDetail = Readonly<{
  service: MicroService;
  clusters: readonly string[];
  row: ServiceRow | undefined;
  /** Every version with the same environment, app and name. */
  versions: readonly ServiceRow[];
  instances: readonly InstanceRow[];
  schemas: readonly Schema[];
  tags: Readonly<Record<string, string>>;
  providers: readonly MicroService[];
  consumers: readonly MicroService[];
}>;

const INTERNAL = new Set<string>(Object.values(ReservedProperties));

/** Instance properties without the marks the merged view adds (shown as columns instead). */
export function ownProperties(i: MicroServiceInstance): [string, string][] {
  return Object.entries(i.properties ?? {}).filter(([k]) => !INTERNAL.has(k));
}

function instanceRow(i: MicroServiceInstance, fallbackCluster: string): InstanceRow {
  const p = i.properties ?? {};
  return {
    instance: i,
    origin: p[ReservedProperties.origin] ?? fallbackCluster,
    stale: p[ReservedProperties.stale] === 'true',
    demoted: p[ReservedProperties.demoted] === 'true',
    lastConfirmed: p[ReservedProperties.lastConfirmed] ?? '',
  };
}

/**
 * One service of the merged view (the govern detail with `global=true`), plus the list for
 * its versions' ids and its conflict marks.
 */
export async function loadService(serviceId: string, cluster: string, signal: AbortSignal): Promise<ServiceDetail> {
  const [one, all] = await Promise.all([
    getJson(`${V4}/govern/microservices/${encodeURIComponent(serviceId)}?global=true`, GovernServiceResponse, signal),
    loadServices(signal),
  ]);
  const d = one.service ?? {};
  const service = d.microService ?? {};
  const row = all.rows.find((r) => r.serviceId === serviceId);
  return {
    service,
    clusters: d[ORIGIN_CLUSTERS_FIELD] ?? [cluster],
    row,
    versions: all.rows.filter((r) => r.environment === (service.environment ?? '') && r.appId === (service.appId ?? 'default') && r.serviceName === service.serviceName),
    instances: (d.instances ?? []).map((i) => instanceRow(i, cluster)),
    schemas: d.schemaInfos ?? [],
    tags: d.tags ?? {},
    providers: d.providers ?? [],
    consumers: d.consumers ?? [],
  };
}
