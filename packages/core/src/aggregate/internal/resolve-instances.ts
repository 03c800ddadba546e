import type { ServiceKey } from '../../keys/service-key';
import type { InstanceConflict } from '../conflict';
import type { InstanceEntry } from '../view';
import { compareContenders, winnerReason } from '../winner';
import type { InstanceCandidate } from './collect';
import { compareText, differingFields } from './compare';
import { MergedFlags, comparePaths, flagsOfPath, mergeFlags } from './paths';

/** Registration and modification times differ between clusters by nature; they are not content. */
const IGNORED = new Set(['timestamp', 'modTimestamp']);

export type ResolvedInstances = { entries: InstanceEntry[]; conflicts: InstanceConflict[] };

function entryOf(c: InstanceCandidate, flags: MergedFlags): InstanceEntry {
  const i = c.rec.instance;
  return {
    tenant: c.rec.tenant,
    serviceId: i.serviceId,
    instanceId: i.instanceId,
    instance: i,
    origin: c.rec.origin,
    rev: c.rec.rev,
    stale: flags.stale,
    demoted: flags.demoted,
    lastConfirmed: flags.lastConfirmed,
    held: flags.held,
  };
}

function byInstanceId(a: InstanceCandidate, b: InstanceCandidate): number {
  return compareText(a.rec.instance.instanceId, b.rec.instance.instanceId);
}

/** Merge the instances of one logical service: one entry per instanceId, sorted by it. */
export function resolveInstances(key: ServiceKey, keyText: string, cands: InstanceCandidate[]): ResolvedInstances {
  const entries: InstanceEntry[] = [];
  const conflicts: InstanceConflict[] = [];
  cands.sort(byInstanceId);
  for (let i = 0; i < cands.length; ) {
    const id = cands[i].rec.instance.instanceId;
    let j = i + 1;
    while (j < cands.length && cands[j].rec.instance.instanceId === id) j++;
    if (j === i + 1) entries.push(entryOf(cands[i], flagsOfPath(cands[i].path)));
    else resolveOne(key, keyText, cands.slice(i, j), entries, conflicts);
    i = j;
  }
  return { entries, conflicts };
}

type OriginBest = Readonly<{ best: InstanceCandidate; flags: MergedFlags }>;

function contender(o: OriginBest) {
  return { timestamp: o.best.rec.instance.timestamp, origin: o.best.rec.origin };
}

function resolveOne(
  key: ServiceKey,
  keyText: string,
  group: InstanceCandidate[],
  entries: InstanceEntry[],
  conflicts: InstanceConflict[],
): void {
  // Paths of one origin collapse to its newest record; origins then compete.
  group.sort((a, b) => compareText(a.rec.origin, b.rec.origin) || comparePaths(a, b));
  const origins: OriginBest[] = [];
  for (let i = 0; i < group.length; ) {
    let j = i + 1;
    while (j < group.length && group[j].rec.origin === group[i].rec.origin) j++;
    origins.push({ best: group[i], flags: mergeFlags(group.slice(i, j).map((c) => c.path)) });
    i = j;
  }
  origins.sort((a, b) => compareContenders(contender(a), contender(b)));
  const winner = origins[0];
  entries.push(entryOf(winner.best, winner.flags));
  if (origins.length === 1) return;
  const fields = new Set<string>();
  for (const o of origins.slice(1)) {
    for (const f of differingFields(winner.best.rec.instance, o.best.rec.instance, IGNORED)) fields.add(f);
  }
  if (fields.size === 0) return;
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
}
