import { Counter, Gauge, Registry } from 'prom-client';
import { serviceEntries } from '@service-center/core';
import type { Federation } from './federation';

/**
 * The merged view's health as Prometheus gauges, computed at scrape time: per-peer sync
 * state, conflicts by kind, and records that are stale, demoted or held by quarantine.
 */
export function registerFederationMetrics(registry: Registry, fed: Federation): void {
  const peers = () => fed.peerStatuses();
  new Gauge({
    name: 'sc_peer_up',
    help: '1 while the peer answers, 0 while it fails',
    labelNames: ['peer', 'mode'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const p of peers()) this.set({ peer: p.name, mode: p.mode }, p.ok ? 1 : 0);
    },
  });
  new Gauge({
    name: 'sc_peer_sync_lag_seconds',
    help: 'Seconds since the peer last confirmed its data (0 while its change stream is live)',
    labelNames: ['peer'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const p of peers()) if (p.lag !== undefined) this.set({ peer: p.name }, p.lag / 1000);
    },
  });
  new Gauge({
    name: 'sc_peer_sync_errors',
    help: 'Failed calls to the peer since start',
    labelNames: ['peer'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const p of peers()) this.set({ peer: p.name }, p.errors);
    },
  });
  new Gauge({
    name: 'sc_peer_events_applied',
    help: 'Change-stream events applied from the peer since start',
    labelNames: ['peer'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const p of peers()) this.set({ peer: p.name }, p.eventsApplied);
    },
  });
  new Gauge({
    name: 'sc_conflicts',
    help: 'Conflicts in the merged view, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const byKind = new Map<string, number>();
      for (const c of fed.aggregator.conflicts()) byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
      for (const kind of ['service-id', 'definition', 'alias', 'instance']) this.set({ kind }, byKind.get(kind) ?? 0);
    },
  });
  new Gauge({
    name: 'sc_merged_instances',
    help: 'Instances served by the merged view, by freshness (fresh, stale, demoted, held)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const counts = { fresh: 0, stale: 0, demoted: 0, held: 0 };
      for (const e of serviceEntries(fed.aggregator.view())) {
        for (const i of e.global?.instances ?? []) {
          if (i.held) counts.held++;
          if (i.demoted) counts.demoted++;
          else if (i.stale) counts.stale++;
          else counts.fresh++;
        }
      }
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });
  new Gauge({
    name: 'sc_source_quarantined',
    help: '1 while a source is quarantined (a mass withdrawal held back)',
    labelNames: ['source'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of fed.aggregator.sources()) this.set({ source: s.source }, s.quarantined ? 1 : 0);
    },
  });
  new Counter({
    name: 'sc_quarantines_total',
    help: 'Quarantines begun since start (mass withdrawals held back), by source',
    labelNames: ['source'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [source, n] of fed.quarantine.counts()) this.inc({ source }, n);
    },
  });
}
