import type { RecordMeta } from '../snapshot';
import type { Path } from './collect';
import { compareText } from './compare';

/**
 * Several paths can bring the same origin's record (sc1 directly, and sc1 relayed by sc2).
 * They are one record at different ages, not a conflict: the newest revision wins, then a
 * fresher path, then the origin's own path, then the source name (only for a stable pick).
 */
export function comparePaths(a: Readonly<{ rec: RecordMeta; path: Path }>, b: Readonly<{ rec: RecordMeta; path: Path }>): number {
  if (a.rec.rev !== b.rec.rev) return a.rec.rev > b.rec.rev ? -1 : 1;
  const fa = rank(a.path);
  const fb = rank(b.path);
  if (fa !== fb) return fa - fb;
  const da = a.path.cluster === a.rec.origin ? 0 : 1;
  const db = b.path.cluster === b.rec.origin ? 0 : 1;
  if (da !== db) return da - db;
  return compareText(a.path.source, b.path.source) || (a.path.held === b.path.held ? 0 : a.path.held ? 1 : -1);
}

function rank(p: Path): number {
  return p.fresh.demoted ? 2 : p.fresh.stale ? 1 : 0;
}

export type MergedFlags = Readonly<{ stale: boolean; demoted: boolean; lastConfirmed: number | undefined; held: boolean }>;

const FRESH_FLAGS: MergedFlags = Object.freeze({ stale: false, demoted: false, lastConfirmed: undefined, held: false });

/** One path's flags, shared objects for the common fresh case. */
export function flagsOfPath(p: Path): MergedFlags {
  if (!p.fresh.stale && !p.held) return FRESH_FLAGS;
  return { stale: p.fresh.stale, demoted: p.fresh.demoted, lastConfirmed: p.fresh.lastConfirmed, held: p.held };
}

/** A record is as fresh as its best path: stale only if every path is, confirmed at the latest of them. */
export function mergeFlags(paths: readonly Path[]): MergedFlags {
  if (paths.length === 1) return flagsOfPath(paths[0]);
  let stale = true;
  let demoted = true;
  let held = true;
  let last: number | undefined;
  for (const p of paths) {
    stale &&= p.fresh.stale;
    demoted &&= p.fresh.demoted;
    held &&= p.held;
    if (p.fresh.lastConfirmed !== undefined && (last === undefined || p.fresh.lastConfirmed > last)) last = p.fresh.lastConfirmed;
  }
  if (!stale && !held) return FRESH_FLAGS;
  return { stale, demoted, lastConfirmed: stale ? last : undefined, held };
}
