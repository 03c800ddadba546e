import { DumpResponse, compareVersions } from '@service-center/core';
import { DomainFilter, distinct, dumpInstances, dumpServices, inDomain } from './dump-records';
import { renderTable, reshape, sortRows } from './table';
import { ageOf } from './time-format';

/** One row of `scctl get svc`: every version of a service name in one tenant, env and app. */
export type ServiceRecord = Readonly<{
  domain: string;
  project: string;
  environment: string;
  appId: string;
  serviceName: string;
  versions: readonly string[];
  frameworks: readonly string[];
  endpoints: readonly string[];
  /** The oldest creation timestamp (unix seconds text). */
  timestamp: string | undefined;
  /** Clusters the records came from (our dump labels each item). */
  clusters: readonly string[];
}>;

/** Group the dump's services as scctl does: by domain/project, env, app and name. */
export function serviceRecords(dump: DumpResponse, filter: DomainFilter): ServiceRecord[] {
  const endpointsOf = new Map<string, string[]>();
  for (const i of dumpInstances(dump)) {
    const id = `${i.tenant.domain}/${i.tenant.project}/${i.instance.serviceId}`;
    endpointsOf.set(id, [...(endpointsOf.get(id) ?? []), ...(i.instance.endpoints ?? [])]);
  }
  const groups = new Map<string, { rec: Omit<ServiceRecord, 'versions' | 'frameworks' | 'endpoints' | 'timestamp' | 'clusters'>; items: ReturnType<typeof dumpServices> }>();
  for (const s of dumpServices(dump)) {
    if (!inDomain(s.tenant, filter)) continue;
    const v = s.service;
    const key = [s.tenant.domain, s.tenant.project, v.environment ?? '', v.appId ?? '', v.serviceName ?? ''].join('/');
    const g = groups.get(key) ?? {
      rec: {
        domain: s.tenant.domain,
        project: s.tenant.project,
        environment: v.environment ?? '',
        appId: v.appId ?? '',
        serviceName: v.serviceName ?? '',
      },
      items: [],
    };
    g.items.push(s);
    groups.set(key, g);
  }
  return [...groups.values()].map(({ rec, items }) => {
    const stamps = items.map((s) => s.service.timestamp).filter((t): t is string => t !== undefined && /^\d+$/.test(t));
    return {
      ...rec,
      versions: distinct(items.map((s) => s.service.version)).sort(compareVersions),
      frameworks: distinct(items.map((s) => s.service.framework?.name)).sort(),
      endpoints: distinct(
        items.flatMap((s) => endpointsOf.get(`${s.tenant.domain}/${s.tenant.project}/${s.service.serviceId}`) ?? []),
      ).sort(),
      timestamp: stamps.length > 0 ? stamps.reduce((a, b) => (Number(a) <= Number(b) ? a : b)) : undefined,
      clusters: distinct(items.map((s) => s.cluster)).sort(),
    };
  });
}

export type ListFormat = Readonly<{ wide: boolean; allDomains: boolean }>;

/** `NAME | APPID | VERSIONS | ENV | FRAMEWORK | AGE`, with DOMAIN (`--all-domains`) or DOMAIN and ENDPOINTS (`-o wide`). */
export function serviceTable(records: readonly ServiceRecord[], f: ListFormat, now: number): string {
  const rows = records.map((r) => {
    const versions = r.versions.join('\n');
    const frameworks = r.frameworks.join('\n');
    const age = ageOf([r.timestamp], now);
    if (f.wide) return [r.domain, r.serviceName, r.appId, versions, r.environment, frameworks, r.endpoints.join('\n'), age];
    if (f.allDomains) return reshape([r.domain, r.serviceName, r.appId, versions, r.environment, frameworks, age]);
    return reshape([r.serviceName, r.appId, versions, r.environment, frameworks, age]);
  });
  const header = f.wide
    ? ['DOMAIN', 'NAME', 'APPID', 'VERSIONS', 'ENV', 'FRAMEWORK', 'ENDPOINTS', 'AGE']
    : f.allDomains
      ? ['DOMAIN', 'NAME', 'APPID', 'VERSIONS', 'ENV', 'FRAMEWORK', 'AGE']
      : ['NAME', 'APPID', 'VERSIONS', 'ENV', 'FRAMEWORK', 'AGE'];
  return renderTable(header, sortRows(rows));
}
