import type { MergePolicy } from './policy';
import type { Source, SourceHealth } from './snapshot';

/**
 * A withdrawal held back: `held` is the last snapshot accepted before it. While it lasts
 * the view serves the current snapshot plus every record only `held` still has.
 */
export type Quarantine = Readonly<{
  held: Source;
  /** When the withdrawal was first seen. */
  since: number;
  /** Consecutive snapshots that showed it, the first one included. */
  confirmations: number;
  withdrawn: number;
  of: number;
}>;

/** What merge takes per source: the snapshot and the quarantine memory that goes with it. */
export type SourceState = Readonly<{ source: Source; quarantine: Quarantine | undefined }>;

export function isSourceState(x: Source | SourceState): x is SourceState {
  return 'source' in x;
}

export function stateOf(x: Source | SourceState): SourceState {
  return isSourceState(x) ? x : Object.freeze({ source: x, quarantine: undefined });
}

/** How much a record's path can be trusted at `now`. */
export type Freshness = Readonly<{ stale: boolean; demoted: boolean; dropped: boolean; lastConfirmed: number | undefined }>;

export const FRESH: Freshness = Object.freeze({ stale: false, demoted: false, dropped: false, lastConfirmed: undefined });

function staleSince(lastConfirmed: number, policy: MergePolicy, now: number, canDrop: boolean): Freshness {
  const age = now - lastConfirmed;
  return {
    stale: true,
    demoted: age >= policy.demoteAfter,
    dropped: canDrop && age >= policy.dropAfter,
    lastConfirmed,
  };
}

/** A source's records: fresh while it answers; stale, demoted, dropped with age when it does not. */
export function freshnessOf(health: SourceHealth, policy: MergePolicy, now: number): Freshness {
  return health.status === 'fresh' ? FRESH : staleSince(health.lastConfirmed, policy, now, true);
}

/**
 * Records kept only by quarantine are stale from the held snapshot's confirmation and may
 * be demoted, but never dropped: quarantine exists so they are not lost.
 */
export function heldFreshnessOf(q: Quarantine, policy: MergePolicy, now: number): Freshness {
  return staleSince(q.held.health.lastConfirmed, policy, now, false);
}

export function sameFreshness(a: Freshness | undefined, b: Freshness | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.stale === b.stale && a.demoted === b.demoted && a.dropped === b.dropped && a.lastConfirmed === b.lastConfirmed;
}

export type SourceStatus = 'fresh' | 'stale' | 'demoted' | 'dropped';

export function statusOf(f: Freshness): SourceStatus {
  return f.dropped ? 'dropped' : f.demoted ? 'demoted' : f.stale ? 'stale' : 'fresh';
}
