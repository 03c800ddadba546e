import type { ServiceKey } from '../../keys/service-key';
import type { InstanceConflict } from '../conflict';
import type { InstanceEntry } from '../view';
import { compareContenders, winnerReason } from '../winner';
import type { InstanceCandidate, InstanceCandidates, Path } from './collect';
import { compareText } from './compare';
import { INSTANCE_FIELDS, differingOn, sameInstance } from './fields';
import { MergedFlags, comparePaths, flagsOfPath, mergeFlags } from './paths';


export type ResolvedInstances = { entries: InstanceEntry[]; conflicts: InstanceConflict[] };

function sameFlags(e: InstanceEntry, f: MergedFlags): boolean {
  return e.stale === f.stale && e.demoted === f.demoted && e.lastConfirmed === f.lastConfirmed && e.held === f.held;
}

/** The entry for a record with its flags; `old` is taken over when nothing about it changed. */
function entryOf(rec: InstanceCandidate['rec'], flags: MergedFlags, old: InstanceEntry | undefined): InstanceEntry {
  const i = rec.instance;
  if (old && old.instance === i && old.origin === rec.origin && old.rev === rec.rev && sameFlags(old, flags)) return old;
  return {
    tenant: rec.tenant,
    serviceId: i.serviceId,
    instanceId: i.instanceId,
    instance: i,
    origin: rec.origin,
    rev: rec.rev,
    stale: flags.stale,
    demoted: flags.demoted,
    lastConfirmed: flags.lastConfirmed,
    held: flags.held,
  };
}

/**
 * Entries are rebuilt only when something about them changed: `reuse` (an earlier result
 * for the same service, sorted by instanceId) is walked alongside, and an entry for the
 * same record with the same flags is taken over. Fewer allocations, and cheaper diffs.
 */
class EntryBuilder {
  private at = 0;
  constructor(private readonly reuse: readonly InstanceEntry[]) {}

  build(rec: InstanceCandidate['rec'], flags: MergedFlags): InstanceEntry {
    const id = rec.instance.instanceId;
    while (this.at < this.reuse.length && compareText(this.reuse[this.at].instanceId, id) < 0) this.at++;
    const old = this.reuse[this.at];
    return entryOf(rec, flags, old?.instanceId === id ? old : undefined);
  }
}

/**
 * The entry for one instanceId from its candidates (in collection order), as
 * `resolveInstances` would make it; undefined when there are none.
 */
export function resolveInstance(
  key: ServiceKey,
  keyText: string,
  group: InstanceCandidate[],
  conflicts: InstanceConflict[],
  old: InstanceEntry | undefined,
): InstanceEntry | undefined {
  if (group.length === 0) return undefined;
  if (group.length === 1) return entryOf(group[0].rec, flagsOfPath(group[0].path), old);
  const w = resolveOne(key, keyText, group, conflicts);
  return entryOf(w.best.rec, w.flags, old);
}

/** Merge the instances of one logical service: one entry per instanceId, sorted by it. */
export function resolveInstances(
  key: ServiceKey,
  keyText: string,
  c: InstanceCandidates,
  reuse: readonly InstanceEntry[] = [],
): ResolvedInstances {
  const entries: InstanceEntry[] = [];
  const conflicts: InstanceConflict[] = [];
  const { recs, paths } = c;
  const order = recs.map((_, i) => i);
  order.sort((a, b) => compareText(recs[a].instance.instanceId, recs[b].instance.instanceId));
  const out = new EntryBuilder(reuse);
  for (let i = 0; i < order.length; ) {
    const id = recs[order[i]].instance.instanceId;
    let j = i + 1;
    while (j < order.length && recs[order[j]].instance.instanceId === id) j++;
    if (j === i + 1) entries.push(out.build(recs[order[i]], flagsOfPath(paths[order[i]])));
    else {
      const group = order.slice(i, j).map((k): InstanceCandidate => ({ rec: recs[k], path: paths[k] }));
      const w = resolveOne(key, keyText, group, conflicts);
      entries.push(out.build(w.best.rec, w.flags));
    }
    i = j;
  }
  return { entries, conflicts };
}

type OriginBest = Readonly<{ best: InstanceCandidate; flags: MergedFlags }>;

function contender(o: OriginBest) {
  return { timestamp: o.best.rec.instance.timestamp, origin: o.best.rec.origin };
}

/** One instanceId seen several times: collapse each origin's paths, then let origins compete. */
function resolveOne(key: ServiceKey, keyText: string, group: InstanceCandidate[], conflicts: InstanceConflict[]): OriginBest {
  group.sort((a, b) => compareText(a.rec.origin, b.rec.origin) || comparePaths(a, b));
  const origins: OriginBest[] = [];
  for (let i = 0; i < group.length; ) {
    let j = i + 1;
    while (j < group.length && group[j].rec.origin === group[i].rec.origin) j++;
    origins.push({ best: group[i], flags: mergeFlags(group.slice(i, j).map((c): Path => c.path)) });
    i = j;
  }
  origins.sort((a, b) => compareContenders(contender(a), contender(b)));
  const winner = origins[0];
  if (origins.length === 1) return winner;
  const fields = new Set<string>();
  for (const o of origins.slice(1)) {
    if (sameInstance(winner.best.rec.instance, o.best.rec.instance)) continue;
    for (const f of differingOn(winner.best.rec.instance, o.best.rec.instance, INSTANCE_FIELDS)) fields.add(f);
  }
  if (fields.size === 0) return winner;
  const instanceId = winner.best.rec.instance.instanceId;
  const list = [...fields].sort();
  conflicts.push({
    kind: 'instance',
    id: `instance ${keyText} ${instanceId}`,
    key,
    clusters: origins.map((o) => o.best.rec.origin).sort(compareText),
    winner: winner.best.rec.origin,
    reason: `instance ${instanceId} differs in ${list.join(', ')}; ${winnerReason(contender(winner), contender(origins[1]))}`,
    serviceId: winner.best.rec.instance.serviceId,
    instanceId,
    fields: list,
  });
  return winner;
}
