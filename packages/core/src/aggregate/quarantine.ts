import type { MergePolicy } from './policy';
import type { Source } from './snapshot';
import { SourceState, stateOf } from './source-state';
import { pentries, pget } from './internal/pmap';
import { copySource } from './internal/source-copy';

/** How many of `before`'s instances `after` no longer has. */
export function withdrawnCount(before: Source, after: Source): number {
  let n = 0;
  for (const [ref, slot] of pentries(before.slots)) {
    const now = pget(after.slots, ref)?.instances;
    if (!now) {
      n += slot.instances.size;
      continue;
    }
    for (const id of slot.instances.keys()) if (!now.has(id)) n++;
  }
  return n;
}

function isMassWithdrawal(withdrawn: number, of: number, policy: MergePolicy): boolean {
  return of > 0 && of >= policy.quarantineMin && withdrawn >= policy.quarantineShare * of;
}

function accepted(source: Source): SourceState {
  return Object.freeze({ source, quarantine: undefined });
}

/**
 * Admit a source's new snapshot (a relist or a dump poll). A snapshot that withdraws at
 * least `quarantineShare` of at least `quarantineMin` instances at once is not believed
 * yet: the state keeps the last accepted snapshot as `held`, so the view still serves
 * its records (stale), until `quarantineConfirmations` consecutive snapshots show the
 * same withdrawal, the instances come back, or `release` is called.
 *
 * An `unreachable` snapshot is a failure report, never an empty list: the previous
 * records stay and only the health changes.
 */
export function admit(
  prev: SourceState | Source | undefined,
  incoming: Source,
  policy: MergePolicy,
  now: number,
): SourceState {
  if (!prev) return accepted(incoming);
  const p = stateOf(prev);
  if (incoming.health.status === 'unreachable') {
    return Object.freeze({ source: copySource(p.source, { health: incoming.health }), quarantine: p.quarantine });
  }
  // During a quarantine the withdrawal is measured against the held (pre-withdrawal) snapshot.
  const reference = p.quarantine ? p.quarantine.held : p.source;
  const of = reference.instanceCount;
  const withdrawn = withdrawnCount(reference, incoming);
  if (!isMassWithdrawal(withdrawn, of, policy)) return accepted(incoming);
  const confirmations = (p.quarantine?.confirmations ?? 0) + 1;
  if (confirmations >= policy.quarantineConfirmations) return accepted(incoming);
  return Object.freeze({
    source: incoming,
    quarantine: Object.freeze({ held: reference, since: p.quarantine?.since ?? now, confirmations, withdrawn, of }),
  });
}

/** An operator's explicit release: accept the withdrawal now. */
export function release(state: SourceState): SourceState {
  return state.quarantine ? accepted(state.source) : state;
}
