import { SourceItem, shareRuleText } from '@service-center/core';
import { renderTable, sortRows } from './table';
import { timeFormat } from './time-format';

/** One source of the merged view (a cluster's local store, a peer, Kubernetes), flattened for printing. */
export type SourceRecord = Readonly<{
  source: string;
  kind: string;
  status: string;
  quarantined: boolean;
  /** e.g. `withdrew 9/10 instances, 1/3 confirmations` while quarantined. */
  quarantine: string;
  services: number;
  instances: number;
  /** When the source last confirmed its data (ms since epoch); undefined if never. */
  lastConfirmed: number | undefined;
  peerUrls: readonly string[];
  mode: string;
  /** Our login at an RBAC-enabled peer (accepted, refused, pending, not-required); empty for other sources. */
  login: string;
  /** What the server exports to the peer and imports from it: rule texts, `all` (no filter), `none`; empty for other sources. */
  exports: string;
  imports: string;
  /** Milliseconds since the peer last confirmed its data (0 while streaming). */
  lagMs: number | undefined;
  errors: number | undefined;
  lastError: string;
}>;

/** How the Kubernetes source stands: not connected, listing, or watching every kind. */
function k8sMode(k: NonNullable<SourceItem['k8s']>): string {
  if (!k.connected) return 'disconnected';
  return k.synced ? `watch ${k.endpoints ?? 'endpoints'}` : 'listing';
}

/** One rule per line; a peer without a filter gets everything (`all`), one no rule concerns gets `none`. */
function filterText(rules: NonNullable<SourceItem['peer']>['exports']): string {
  if (rules === undefined) return 'all';
  return rules.length === 0 ? 'none' : rules.map(shareRuleText).join('\n');
}

export function sourceRecords(items: readonly SourceItem[]): SourceRecord[] {
  return items.map((s) => {
    const q = s.quarantine;
    const confirmed = s.health?.lastConfirmed;
    return {
      source: s.source,
      kind: s.kind ?? '',
      status: s.status ?? '',
      quarantined: s.quarantined === true,
      quarantine: q ? `withdrew ${q.withdrawn ?? 0}/${q.of ?? 0} instances, ${q.confirmations ?? 0}/${q.needed ?? 0} confirmations` : '',
      services: s.services ?? 0,
      instances: s.instances ?? 0,
      lastConfirmed: confirmed !== undefined && confirmed > 0 ? confirmed : undefined,
      peerUrls: s.peer?.urls ?? [],
      mode: s.peer?.mode ?? (s.k8s ? k8sMode(s.k8s) : ''),
      login: s.peer?.login ?? '',
      exports: s.peer ? filterText(s.peer.exports) : '',
      imports: s.peer ? filterText(s.peer.imports) : '',
      lagMs: s.peer?.lag,
      errors: s.peer?.errors ?? (s.k8s ? s.k8s.kinds?.reduce((n, k) => n + (k.failures ?? 0), 0) : undefined),
      lastError: s.peer?.lastError?.reason ?? s.k8s?.lastError ?? '',
    };
  });
}

/**
 * `SOURCE | STATUS | SERVICES | INSTANCES | CONFIRMED` (CONFIRMED: how long ago the source last
 * confirmed its data); `-o wide` adds KIND, QUARANTINE, the peer's URLs, MODE, LOGIN (at an RBAC-enabled peer), EXPORT and IMPORT (the filters for that peer), LAG, ERRORS and
 * LAST ERROR (for the Kubernetes source: its connection, failed lists/watches and last error). A quarantined source shows `quarantined` under its status.
 */
export function sourceTable(records: readonly SourceRecord[], wide: boolean, now: number): string {
  const rows = records.map((r) => {
    const status = r.quarantined ? `${r.status}\nquarantined` : r.status;
    const confirmed = r.lastConfirmed === undefined ? 'never' : timeFormat(Math.max(0, now - r.lastConfirmed));
    if (!wide) return [r.source, status, String(r.services), String(r.instances), confirmed];
    return [
      r.source,
      r.kind,
      status,
      r.quarantine,
      String(r.services),
      String(r.instances),
      confirmed,
      r.peerUrls.join('\n'),
      r.mode,
      r.login,
      r.exports,
      r.imports,
      r.lagMs === undefined ? '' : timeFormat(r.lagMs),
      r.errors === undefined ? '' : String(r.errors),
      r.lastError,
    ];
  });
  const header = wide
    ? ['SOURCE', 'KIND', 'STATUS', 'QUARANTINE', 'SERVICES', 'INSTANCES', 'CONFIRMED', 'PEER', 'MODE', 'LOGIN', 'EXPORT', 'IMPORT', 'LAG', 'ERRORS', 'LAST ERROR']
    : ['SOURCE', 'STATUS', 'SERVICES', 'INSTANCES', 'CONFIRMED'];
  return renderTable(header, sortRows(rows));
}
