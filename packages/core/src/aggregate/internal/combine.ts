import type { Source } from '../snapshot';
import { sourceOf, sourceRecords } from '../snapshot';
import type { Quarantine, SourceState } from '../source-state';
import { compareText } from './compare';

/**
 * Two inputs for the same source (cluster and kind) are one source seen twice. They are
 * combined by a rule that is commutative and associative (union, newer record, fresher
 * health), so neither their order nor a repeated input changes the merge.
 */
export function combineStates(a: SourceState, b: SourceState): SourceState {
  if (a === b) return a;
  return Object.freeze({ source: combineSources(a.source, b.source), quarantine: combineQuarantine(a.quarantine, b.quarantine) });
}

function combineQuarantine(a: Quarantine | undefined, b: Quarantine | undefined): Quarantine | undefined {
  if (!a || !b) return a ?? b;
  if (a === b) return a;
  return Object.freeze({
    held: combineSources(a.held, b.held),
    since: Math.min(a.since, b.since),
    confirmations: Math.max(a.confirmations, b.confirmations),
    withdrawn: Math.max(a.withdrawn, b.withdrawn),
    of: Math.max(a.of, b.of),
  });
}

function maxText(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return compareText(a, b) >= 0 ? a : b;
}

export function combineSources(a: Source, b: Source): Source {
  if (a === b) return a;
  const ra = sourceRecords(a);
  const rb = sourceRecords(b);
  const fresh = a.health.status === 'fresh' || b.health.status === 'fresh';
  // sourceOf keeps the newer revision (then the smaller content) of a record given twice.
  return sourceOf({
    cluster: a.cluster,
    kind: a.kind,
    health: { status: fresh ? 'fresh' : 'unreachable', lastConfirmed: Math.max(a.health.lastConfirmed, b.health.lastConfirmed) },
    revision: maxText(a.revision, b.revision),
    services: [...ra.services, ...rb.services],
    instances: [...ra.instances, ...rb.instances],
    tags: [...ra.tags, ...rb.tags],
    summaries: [...ra.summaries, ...rb.summaries],
  });
}
