import { compareText } from './internal/compare';

/**
 * The federation-wide winner rule: the oldest creation `timestamp` (SC's decimal unix
 * seconds; missing or unparsable counts as newest), then the smallest origin cluster name.
 * It reads nothing a single server decides (arrival order, staleness), so every server
 * that sees the same records picks the same winner.
 */
export type Contender = Readonly<{ timestamp: string | undefined; origin: string }>;

export function creationTime(timestamp: string | undefined): number {
  if (timestamp === undefined || !/^\d+$/.test(timestamp)) return Number.POSITIVE_INFINITY;
  return Number(timestamp);
}

export function compareContenders(a: Contender, b: Contender): number {
  return compareCreation(a.timestamp, a.origin, b.timestamp, b.origin);
}

/** The same order without building contender objects (the merge's hot path). */
export function compareCreation(tsA: string | undefined, originA: string, tsB: string | undefined, originB: string): number {
  if (tsA !== tsB) {
    const ta = creationTime(tsA);
    const tb = creationTime(tsB);
    if (ta !== tb) return ta < tb ? -1 : 1;
  }
  return compareText(originA, originB);
}

/** Why `winner` beat `loser`, in words for the conflict's `reason`. */
export function winnerReason(winner: Contender, loser: Contender): string {
  const tw = creationTime(winner.timestamp);
  const tl = creationTime(loser.timestamp);
  if (tw !== tl) return `${winner.origin} wins: oldest creation timestamp ${winner.timestamp}`;
  if (winner.origin !== loser.origin) {
    const when = Number.isFinite(tw) ? `same creation timestamp ${winner.timestamp}` : 'no creation timestamp';
    return `${winner.origin} wins: ${when}, smallest cluster name`;
  }
  return `${winner.origin} wins: same timestamp and cluster, first in order`;
}
