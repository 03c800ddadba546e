import { ServiceKey, serviceKeyOf } from '../../keys/service-key';
import type { Conflict } from '../conflict';
import type { InstanceRecord } from '../snapshot';
import { type Contributor, type InstanceEntry, type ServiceEntry, type ServiceScope, instanceIndexOf } from '../view';
import { Candidates, MergeContext, Path, collectCandidates, collectInstanceCandidates } from './collect';
import { compareText } from './compare';
import { resolveDefinitions } from './resolve-definitions';
import { resolveInstance, resolveInstances } from './resolve-instances';
import type { InstanceConflict } from '../conflict';

function hasFresh(instances: readonly InstanceEntry[]): boolean {
  for (const i of instances) if (!i.stale) return true;
  return false;
}

type ScopeResult = { scope: ServiceScope; conflicts: readonly Conflict[]; serviceIds: string[] };

function scopeOf(key: ServiceKey, keyText: string, c: Candidates, reuse: readonly InstanceEntry[] | undefined): ScopeResult {
  const defs = resolveDefinitions(key, keyText, c.defs);
  const inst = resolveInstances(key, keyText, c.instances, reuse);
  return {
    scope: { definition: defs.winner, instances: inst.entries, hasFresh: hasFresh(inst.entries) },
    conflicts: inst.conflicts.length ? [...defs.conflicts, ...inst.conflicts] : defs.conflicts,
    serviceIds: defs.serviceIds,
  };
}

function ownOnly(all: Candidates): Candidates {
  const recs: InstanceRecord[] = [];
  const paths: Path[] = [];
  for (let i = 0; i < all.instances.recs.length; i++) {
    if (!all.instances.paths[i].own) continue;
    recs.push(all.instances.recs[i]);
    paths.push(all.instances.paths[i]);
  }
  return { defs: all.defs.filter((d) => d.path.own), instances: { recs, paths } };
}

/**
 * The merge of one logical service, from the slots that map to its key. Both the full
 * merge and applyChange come here, which is why they agree; `prev` only saves allocations.
 */
export function computeEntry(
  ctx: MergeContext,
  keyText: string,
  contributors: readonly Contributor[],
  prev?: ServiceEntry,
): ServiceEntry | undefined {
  const all = collectCandidates(ctx, keyText, contributors);
  if (all.defs.length === 0) return undefined;
  const first = all.defs[0].rec;
  const key = prev?.key ?? serviceKeyOf(first.tenant, first.service);
  // Few origins per key: a small array beats a Set.
  const origins: string[] = [];
  let ownDefs = 0;
  let ownInstances = 0;
  for (const d of all.defs) {
    if (!origins.includes(d.rec.origin)) origins.push(d.rec.origin);
    if (d.path.own) ownDefs++;
  }
  const { recs, paths } = all.instances;
  for (let i = 0; i < recs.length; i++) {
    if (!origins.includes(recs[i].origin)) origins.push(recs[i].origin);
    if (paths[i].own) ownInstances++;
  }
  const allOwn = ownDefs === all.defs.length && ownInstances === recs.length;
  const global = scopeOf(key, keyText, all, prev?.global?.instances);
  // Reads without `global` see this server's own sources only; most keys are all-own or none.
  const local = allOwn ? global : ownDefs > 0 ? scopeOf(key, keyText, ownOnly(all), global.scope.instances) : undefined;
  return {
    key,
    keyText,
    global: global.scope,
    local: local?.scope,
    serviceIds: global.serviceIds,
    origins: origins.length > 1 ? origins.sort(compareText) : origins,
    conflicts: global.conflicts,
  };
}

/**
 * `computeEntry` after a batch that changed only the instances `ids` of this service's
 * slots (definitions, sources and freshness as before): those instances are recomputed
 * and spliced into `prev`, so a write costs O(log n) merge work instead of O(n).
 * Undefined when the shortcut could give another answer than the full computation:
 * several origins, instance conflicts, or a local scope of its own; the caller then
 * computes the entry in full.
 */
export function updateInstances(
  ctx: MergeContext,
  keyText: string,
  contributors: readonly Contributor[],
  prev: ServiceEntry,
  ids: Iterable<string>,
): ServiceEntry | undefined {
  const base = prev.global;
  const sameScope = prev.local === base;
  if (!base || (!sameScope && prev.local !== undefined) || prev.origins.length !== 1) return undefined;
  if (prev.conflicts.some((c) => c.kind === 'instance')) return undefined;
  const origin = prev.origins[0];
  const conflicts: InstanceConflict[] = [];
  let entries: readonly InstanceEntry[] | undefined;
  for (const id of [...ids].sort(compareText)) {
    const group = collectInstanceCandidates(ctx, contributors, id);
    // Every candidate from the one origin, and (when local equals global) from own sources.
    for (const c of group) if (c.rec.origin !== origin || (sameScope && !c.path.own)) return undefined;
    const list = entries ?? base.instances;
    const at = instanceIndexOf(list, id);
    const old = list[at]?.instanceId === id ? list[at] : undefined;
    const next = resolveInstance(prev.key, keyText, group, conflicts, old);
    if (conflicts.length > 0) return undefined;
    if (next === old) continue;
    // Copying methods: an in-place splice of a fresh copy is ten times slower in V8.
    entries = !next ? list.toSpliced(at, 1) : !old ? list.toSpliced(at, 0, next) : list.with(at, next);
  }
  if (!entries) return prev;
  const global: ServiceScope = { definition: base.definition, instances: entries, hasFresh: hasFresh(entries) };
  return { ...prev, global, local: sameScope ? global : undefined };
}
