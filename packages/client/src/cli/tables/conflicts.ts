import type { ConflictItem } from '@service-center/core';
import type { DomainFilter } from './dump-records';
import { inDomain } from './dump-records';
import type { ListFormat } from './service';
import { renderTable, reshape, sortRows } from './table';

/** One conflict of the merged view, flattened for printing. */
export type ConflictRecord = Readonly<{
  kind: string;
  domain: string;
  project: string;
  environment: string;
  /** `app/name/version` (for alias conflicts the alias stands in for the name). */
  service: string;
  clusters: readonly string[];
  winner: string;
  reason: string;
  /** What differs: the serviceIds, the fields, the instance or the services claiming an alias. */
  detail: readonly string[];
}>;

export function conflictRecords(items: readonly ConflictItem[], filter: DomainFilter): ConflictRecord[] {
  return items
    .map((c) => {
      const k = c.key ?? {};
      const detail =
        c.kind === 'service-id'
          ? (c.serviceIds ?? []).map((id) => (id === c.winnerServiceId ? `${id} (winner)` : id))
          : c.kind === 'alias'
            ? (c.services ?? []).map((s) => (s === c.winnerService ? `${s} (winner)` : s))
            : c.kind === 'instance'
              ? [`instance ${c.instanceId ?? ''}`, ...(c.fields ?? [])]
              : [...(c.fields ?? [])];
      return {
        kind: c.kind,
        domain: k.domain ?? '',
        project: k.project ?? '',
        environment: k.environment ?? '',
        service: `${k.appId ?? ''}/${k.serviceName ?? ''}/${k.version ?? ''}`,
        clusters: c.clusters,
        winner: c.winner,
        reason: c.reason,
        detail,
      };
    })
    .filter((r) => inDomain({ domain: r.domain, project: r.project }, filter));
}

/**
 * `KIND | SERVICE | CLUSTERS | WINNER | REASON`; `--all-domains` adds DOMAIN; `-o wide`
 * adds DOMAIN, ENV and DETAIL and prints the whole reason.
 */
export function conflictTable(records: readonly ConflictRecord[], f: ListFormat): string {
  const rows = records.map((r) => {
    const clusters = r.clusters.join('\n');
    if (f.wide) return [r.domain, r.kind, r.service, r.environment, clusters, r.winner, r.detail.join('\n'), r.reason];
    if (f.allDomains) return reshape([r.domain, r.kind, r.service, clusters, r.winner, r.reason]);
    return reshape([r.kind, r.service, clusters, r.winner, r.reason]);
  });
  const header = f.wide
    ? ['DOMAIN', 'KIND', 'SERVICE', 'ENV', 'CLUSTERS', 'WINNER', 'DETAIL', 'REASON']
    : f.allDomains
      ? ['DOMAIN', 'KIND', 'SERVICE', 'CLUSTERS', 'WINNER', 'REASON']
      : ['KIND', 'SERVICE', 'CLUSTERS', 'WINNER', 'REASON'];
  return renderTable(header, sortRows(rows));
}
