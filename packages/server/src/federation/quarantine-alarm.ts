import { sourceStatesOf } from '@service-center/core';
import type { SourceReport } from '@service-center/core';
import type { Aggregator } from './aggregator';
import { AlarmIds, AlarmRegistry } from '../registry/admin/alarms';

function heldText(s: SourceReport): string {
  const q = s.quarantine;
  const release = `POST /v4/default/admin/sources/${encodeURIComponent(s.cluster)}/release${s.kind === 'servicecenter' ? '' : `?kind=${s.kind}`}`;
  return `${s.source} withdrew ${q?.withdrawn ?? 0} of ${q?.of ?? 0} instances at once; held until ${q?.needed ?? 0} snapshots confirm it (${q?.confirmations ?? 0} so far) or ${release}`;
}

/**
 * An active alarm while any source is quarantined, naming each and how to release it, and a
 * count of quarantines begun per source: a held mass withdrawal must never go unnoticed.
 */
export class QuarantineAlarm {
  private held = new Set<string>();
  private readonly begun = new Map<string, number>();
  private readonly unsubscribe: () => void;

  constructor(aggregator: Aggregator, private readonly alarms: AlarmRegistry) {
    this.unsubscribe = aggregator.subscribe((_events, view) => this.onView(sourceStatesOf(view)));
  }

  /** Quarantines begun since start, by source. */
  counts(): ReadonlyMap<string, number> {
    return this.begun;
  }

  close(): void {
    this.unsubscribe();
  }

  private onView(reports: readonly SourceReport[]): void {
    const quarantined = reports.filter((s) => s.quarantined);
    const now = new Set(quarantined.map((s) => s.source));
    for (const s of now) if (!this.held.has(s)) this.begun.set(s, (this.begun.get(s) ?? 0) + 1);
    const changed = now.size !== this.held.size || [...now].some((s) => !this.held.has(s));
    const active = quarantined.length > 0;
    this.held = now;
    if (active) {
      // Raised again on every change, so the detail follows the confirmations.
      this.alarms.raise(AlarmIds.SourceQuarantined, quarantined.map(heldText).join('; '), { sources: [...now].join(',') });
    } else if (changed) {
      this.alarms.clear(AlarmIds.SourceQuarantined);
    }
  }
}
