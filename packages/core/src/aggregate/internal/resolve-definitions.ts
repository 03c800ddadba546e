import type { ServiceKey } from '../../keys/service-key';
import type { DefinitionConflict, ServiceIdConflict } from '../conflict';
import type { SummaryRecord } from '../snapshot';
import type { DefinitionEntry } from '../view';
import { compareCreation, winnerReason } from '../winner';
import type { DefinitionCandidate } from './collect';
import { compareText, sameValue } from './compare';
import { DEFINITION_FIELDS, differingOn, sameDefinition } from './fields';
import { MergedFlags, comparePaths, flagsOfPath, mergeFlags } from './paths';


type Deduped = Readonly<{ best: DefinitionCandidate; flags: MergedFlags }>;

export type ResolvedDefinitions = {
  winner: DefinitionEntry;
  serviceIds: string[];
  conflicts: readonly (ServiceIdConflict | DefinitionConflict)[];
};

/** Shared by every conflict-free key: one empty list instead of one per key. */
const NO_CONFLICTS: readonly never[] = Object.freeze([]);

function contender(d: Deduped) {
  return { timestamp: d.best.rec.service.timestamp, origin: d.best.rec.origin };
}

function compareDeduped(a: Deduped, b: Deduped): number {
  const x = a.best.rec;
  const y = b.best.rec;
  return compareCreation(x.service.timestamp, x.origin, y.service.timestamp, y.origin) || compareText(x.service.serviceId, y.service.serviceId);
}

function summaryObject(m: ReadonlyMap<string, SummaryRecord> | undefined): Record<string, string> | undefined {
  if (!m) return undefined;
  const o: Record<string, string> = {};
  for (const [id, r] of m) o[id] = r.summary;
  return o;
}

/** Fields in which `b` differs from `a`, tags and schema summaries included. */
function definitionDiff(a: DefinitionCandidate, b: DefinitionCandidate): string[] {
  // Most copies agree: check cheaply before naming fields.
  if (sameDefinition(a.rec.service, b.rec.service) && a.tags?.tags === b.tags?.tags && a.summaries === b.summaries) return [];
  const out = differingOn(a.rec.service, b.rec.service, DEFINITION_FIELDS);
  if (!sameValue(a.tags?.tags, b.tags?.tags)) out.push('tags');
  if (!sameValue(summaryObject(a.summaries), summaryObject(b.summaries))) out.push('summaries');
  return out;
}

function entryOf(d: Deduped): DefinitionEntry {
  const r = d.best.rec;
  return {
    record: r,
    serviceId: r.service.serviceId,
    tags: d.best.tags?.tags,
    summaries: d.best.summaries,
    origin: r.origin,
    rev: r.rev,
    stale: d.flags.stale,
    demoted: d.flags.demoted,
    lastConfirmed: d.flags.lastConfirmed,
    held: d.flags.held,
  };
}

/** Whether some (origin, serviceId) came by several paths; usually not, and a few candidates are cheap to check. */
function hasRepeats(cands: readonly DefinitionCandidate[]): boolean {
  for (let i = 1; i < cands.length; i++) {
    for (let j = 0; j < i; j++) {
      if (cands[i].rec.origin === cands[j].rec.origin && cands[i].rec.service.serviceId === cands[j].rec.service.serviceId) return true;
    }
  }
  return false;
}

/** Collapse the paths of each (origin, serviceId), then rank what is left by the winner rule. */
function dedupe(cands: DefinitionCandidate[]): Deduped[] {
  if (!hasRepeats(cands)) return cands.map((c) => ({ best: c, flags: flagsOfPath(c.path) })).sort(compareDeduped);
  const sorted = cands
    .slice()
    .sort(
      (a, b) =>
        compareText(a.rec.origin, b.rec.origin) ||
        compareText(a.rec.service.serviceId, b.rec.service.serviceId) ||
        comparePaths(a, b),
    );
  const out: Deduped[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    const same = (c: DefinitionCandidate) =>
      c.rec.origin === sorted[i].rec.origin && c.rec.service.serviceId === sorted[i].rec.service.serviceId;
    while (j < sorted.length && same(sorted[j])) j++;
    out.push({ best: sorted[i], flags: mergeFlags(sorted.slice(i, j).map((c) => c.path)) });
    i = j;
  }
  return out.sort(compareDeduped);
}

/** Pick the served definition of a logical service and report how the others disagree. */
export function resolveDefinitions(key: ServiceKey, keyText: string, cands: DefinitionCandidate[]): ResolvedDefinitions {
  const ranked = dedupe(cands);
  const winner = ranked[0];
  const firstId = winner.best.rec.service.serviceId;
  // The common case, one serviceId for the key, needs no grouping.
  const oneId = ranked.every((d) => d.best.rec.service.serviceId === firstId);
  const ids = oneId ? [firstId] : [...new Set(ranked.map((d) => d.best.rec.service.serviceId))].sort(compareText);
  if (ranked.length === 1) return { winner: entryOf(winner), serviceIds: ids, conflicts: NO_CONFLICTS };
  const conflicts: (ServiceIdConflict | DefinitionConflict)[] = [];
  if (!oneId) conflicts.push(serviceIdConflict(key, keyText, ranked, ids));
  for (const id of ids) {
    const group = oneId ? ranked : ranked.filter((d) => d.best.rec.service.serviceId === id);
    const c = group.length > 1 ? definitionConflict(key, keyText, id, group) : undefined;
    if (c) conflicts.push(c);
  }
  return { winner: entryOf(winner), serviceIds: ids, conflicts: conflicts.length ? conflicts : NO_CONFLICTS };
}

function originsOf(ranked: readonly Deduped[]): string[] {
  return [...new Set(ranked.map((d) => d.best.rec.origin))].sort(compareText);
}

function serviceIdConflict(key: ServiceKey, keyText: string, ranked: Deduped[], ids: string[]): ServiceIdConflict {
  const winner = ranked[0];
  const loser = ranked.find((d) => d.best.rec.service.serviceId !== winner.best.rec.service.serviceId)!;
  const who = ranked.map((d) => `${d.best.rec.origin}=${d.best.rec.service.serviceId}`).join(', ');
  return {
    kind: 'service-id',
    id: `service-id ${keyText}`,
    key,
    clusters: originsOf(ranked),
    winner: winner.best.rec.origin,
    reason: `same key, different serviceIds (${who}); ${winnerReason(contender(winner), contender(loser))}`,
    serviceIds: ids,
    winnerServiceId: winner.best.rec.service.serviceId,
  };
}

function definitionConflict(key: ServiceKey, keyText: string, serviceId: string, group: Deduped[]): DefinitionConflict | undefined {
  const winner = group[0];
  const fields = new Set<string>();
  for (const d of group.slice(1)) for (const f of definitionDiff(winner.best, d.best)) fields.add(f);
  if (fields.size === 0) return undefined;
  const list = [...fields].sort();
  return {
    kind: 'definition',
    id: `definition ${keyText} ${serviceId}`,
    key,
    clusters: originsOf(group),
    winner: winner.best.rec.origin,
    reason: `definitions of ${serviceId} differ in ${list.join(', ')}; ${winnerReason(contender(winner), contender(group[1]))}`,
    serviceId,
    fields: list,
  };
}
