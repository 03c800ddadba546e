import type { DumpResponse, HealthCheck } from '@service-center/core';
import { DomainFilter, distinct, dumpInstances, dumpServices, inDomain } from './dump-records';
import type { ListFormat } from './service';
import { renderTable, sortRows } from './table';
import { ageOf, timeFormat } from './time-format';

/** One row of `scctl get inst`: an instance joined to its service. */
export type InstanceRecord = Readonly<{
  domain: string;
  project: string;
  instanceId: string;
  serviceId: string;
  host: string;
  endpoints: readonly string[];
  /** The service's version. */
  version: string;
  serviceName: string;
  appId: string;
  environment: string;
  framework: string;
  /** Lease seconds: interval x (times + 1); 0 = never expires (platform); undefined without a health check. */
  leaseSeconds: number | undefined;
  timestamp: string | undefined;
  clusters: readonly string[];
}>;

function leaseOf(hc: HealthCheck | undefined): number | undefined {
  if (!hc) return undefined;
  if (hc.mode === 'platform') return 0;
  return (hc.interval ?? 0) * ((hc.times ?? 0) + 1);
}

/** Instances of the dump joined to their service; instances whose service is not in the dump are dropped. */
export function instanceRecords(dump: DumpResponse, filter: DomainFilter): InstanceRecord[] {
  const services = new Map(dumpServices(dump).map((s) => [s.service.serviceId, s]));
  const byId = new Map<string, InstanceRecord>();
  for (const i of dumpInstances(dump)) {
    if (!inDomain(i.tenant, filter)) continue;
    const svc = services.get(i.instance.serviceId)?.service;
    if (!svc) continue;
    const prev = byId.get(i.instance.instanceId);
    const stamps = [prev?.timestamp, i.instance.timestamp].filter((t): t is string => t !== undefined && /^\d+$/.test(t));
    byId.set(i.instance.instanceId, {
      domain: i.tenant.domain,
      project: i.tenant.project,
      instanceId: i.instance.instanceId,
      serviceId: i.instance.serviceId,
      host: i.instance.hostName ?? '',
      endpoints: i.instance.endpoints ?? [],
      version: svc.version ?? '',
      serviceName: svc.serviceName ?? '',
      appId: svc.appId ?? '',
      environment: svc.environment ?? '',
      framework: svc.framework?.name ?? '',
      leaseSeconds: leaseOf(i.instance.healthCheck),
      timestamp: stamps.length > 0 ? stamps.reduce((a, b) => (Number(a) <= Number(b) ? a : b)) : undefined,
      clusters: distinct([...(prev?.clusters ?? []), i.cluster]).sort(),
    });
  }
  return [...byId.values()];
}

export function leaseText(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  if (seconds === 0) return 'Never';
  return timeFormat(seconds * 1000);
}

/** `HOST | ENDPOINTS | VERSION | SERVICE | APPID | LEASE | AGE`, with DOMAIN, or DOMAIN, ENV and FRAMEWORK (wide). */
export function instanceTable(records: readonly InstanceRecord[], f: ListFormat, now: number): string {
  const rows = records.map((r) => {
    const endpoints = r.endpoints.join('\n');
    const lease = leaseText(r.leaseSeconds);
    const age = ageOf([r.timestamp], now);
    if (f.wide) return [r.domain, r.host, endpoints, r.version, r.serviceName, r.appId, r.environment, r.framework, lease, age];
    if (f.allDomains) return [r.domain, r.host, endpoints, r.version, r.serviceName, r.appId, lease, age];
    return [r.host, endpoints, r.version, r.serviceName, r.appId, lease, age];
  });
  const header = f.wide
    ? ['DOMAIN', 'HOST', 'ENDPOINTS', 'VERSION', 'SERVICE', 'APPID', 'ENV', 'FRAMEWORK', 'LEASE', 'AGE']
    : f.allDomains
      ? ['DOMAIN', 'HOST', 'ENDPOINTS', 'VERSION', 'SERVICE', 'APPID', 'LEASE', 'AGE']
      : ['HOST', 'ENDPOINTS', 'VERSION', 'SERVICE', 'APPID', 'LEASE', 'AGE'];
  return renderTable(header, sortRows(rows));
}
