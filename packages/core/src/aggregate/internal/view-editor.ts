import type { MergePolicy } from '../policy';
import type { Slot } from '../snapshot';
import { SourceState, freshnessOf, heldFreshnessOf, sameFreshness } from '../source-state';
import type { AliasClaim, Contributor, ServiceEntry, View } from '../view';
import { aliasClaimsOf, aliasConflictsOf, nameKeyOf } from './alias';
import { mergeContext } from './collect';
import { compareText } from './compare';
import { computeEntry, updateInstances } from './entry';
import { runSteps } from './steps';
import { PMap, pchangedKeys, pedit, pget, pkeys, pmapEmpty, pvalues } from './pmap';

const NO_SLOTS = pmapEmpty<Slot>();

function curSlots(s: SourceState | undefined): PMap<Slot> {
  return s?.source.slots ?? NO_SLOTS;
}

function heldSlots(s: SourceState | undefined): PMap<Slot> {
  return s?.quarantine?.held.slots ?? NO_SLOTS;
}

/** The key a source's slot feeds: its current service, else the one quarantine holds. */
function effectiveKey(s: SourceState | undefined, ref: string): string | undefined {
  if (!s) return undefined;
  const cur = pget(s.source.slots, ref);
  if (cur?.service) return cur.keyText;
  const held = s.quarantine ? pget(s.quarantine.held.slots, ref) : undefined;
  return held?.service ? held.keyText : undefined;
}

function insertSorted<T>(list: readonly T[], item: T, cmp: (a: T, b: T) => number): T[] {
  const out = list.slice();
  let i = out.length;
  while (i > 0 && cmp(out[i - 1], item) > 0) i--;
  out.splice(i, 0, item);
  return out;
}

function sameStrings(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const byContributor = (a: Contributor, b: Contributor) => compareText(a.source, b.source) || compareText(a.ref, b.ref);

/**
 * One batch of edits to a view: sources are swapped in, the keys whose inputs changed are
 * collected, and `finish` recomputes exactly those keys and the indexes that depend on them.
 */
export function editView(base: View, policy: MergePolicy = base.policy, now: number = base.now) {
  const sources = new Map(base.sources);
  const members = pedit(base.members);
  const ids = pedit(base.ids);
  const services = pedit(base.services);
  const names = pedit(base.names);
  const aliases = pedit(base.aliases);
  const conflicts = pedit(base.conflicts);
  const affected = new Set<string>();
  // Keys whose changes so far were instances only (the ids), and keys that need a full recompute.
  const instancesOnly = new Map<string, Set<string>>();
  const whole = new Set<string>();
  const aliasTouched = new Set<string>();

  function affect(keyText: string): void {
    affected.add(keyText);
    whole.add(keyText);
  }

  function affectInstances(keyText: string, instanceIds: readonly string[]): void {
    affected.add(keyText);
    let set = instancesOnly.get(keyText);
    if (!set) instancesOnly.set(keyText, (set = new Set()));
    for (const id of instanceIds) set.add(id);
  }

  function move(sourceKey: string, ref: string, from: string | undefined, to: string | undefined): void {
    if (from === to) return;
    const c: Contributor = { source: sourceKey, ref };
    if (from !== undefined) {
      const left = (members.get(from) ?? []).filter((m) => m.source !== sourceKey || m.ref !== ref);
      if (left.length) members.set(from, left);
      else members.delete(from);
    }
    if (to !== undefined) {
      members.set(to, insertSorted(members.get(to) ?? [], c, byContributor));
    }
  }

  function touchRef(
    prev: SourceState | undefined,
    next: SourceState | undefined,
    sourceKey: string,
    ref: string,
    instanceIds?: readonly string[],
  ): void {
    const from = effectiveKey(prev, ref);
    const to = effectiveKey(next, ref);
    if (instanceIds && from === to) {
      if (to !== undefined) affectInstances(to, instanceIds);
      return;
    }
    move(sourceKey, ref, from, to);
    if (from !== undefined) affect(from);
    if (to !== undefined) affect(to);
  }

  /**
   * Swap one source's state; `refs` narrows the slots to look at when the caller knows them,
   * and `instanceIds` says that only those instances of those slots changed.
   */
  function setSource(sourceKey: string, next: SourceState | undefined, refs?: Iterable<string>, instanceIds?: readonly string[]): void {
    const prev = sources.get(sourceKey);
    if (prev === next) return;
    if (next) sources.set(sourceKey, next);
    else sources.delete(sourceKey);
    if (!prev && next && !next.quarantine && !refs) {
      // A new source (every source of a full merge): each slot with a service feeds its key.
      for (const slot of pvalues(next.source.slots)) {
        if (slot.keyText === undefined) continue;
        move(sourceKey, slot.ref, undefined, slot.keyText);
        affect(slot.keyText);
      }
      return;
    }
    const seen = new Set<string>();
    const visit = (ref: string) => {
      if (seen.has(ref)) return;
      seen.add(ref);
      touchRef(prev, next, sourceKey, ref);
    };
    if (refs) {
      for (const r of refs) {
        if (seen.has(r)) continue;
        seen.add(r);
        touchRef(prev, next, sourceKey, r, instanceIds);
      }
      return;
    }
    const curChanged = !sameFreshness(
      prev && freshnessOf(prev.source.health, policy, now),
      next && freshnessOf(next.source.health, policy, now),
    );
    const heldChanged = !sameFreshness(
      prev?.quarantine && heldFreshnessOf(prev.quarantine, policy, now),
      next?.quarantine && heldFreshnessOf(next.quarantine, policy, now),
    );
    if (curChanged) {
      for (const s of [curSlots(prev), curSlots(next), heldSlots(prev), heldSlots(next)]) for (const r of pkeys(s)) visit(r);
      return;
    }
    for (const r of pchangedKeys(curSlots(prev), curSlots(next))) visit(r);
    if (heldChanged) for (const s of [heldSlots(prev), heldSlots(next)]) for (const r of pkeys(s)) visit(r);
    else for (const r of pchangedKeys(heldSlots(prev), heldSlots(next))) visit(r);
  }

  /** Time moved from base.now to now: recompute the sources whose freshness changed with it. */
  function advance(): void {
    for (const s of sources.values()) {
      const cur = !sameFreshness(freshnessOf(s.source.health, base.policy, base.now), freshnessOf(s.source.health, policy, now));
      const held =
        s.quarantine &&
        !sameFreshness(heldFreshnessOf(s.quarantine, base.policy, base.now), heldFreshnessOf(s.quarantine, policy, now));
      if (!cur && !held) continue;
      for (const slots of [curSlots(s), heldSlots(s)]) {
        for (const r of pkeys(slots)) {
          const k = effectiveKey(s, r);
          if (k !== undefined) affect(k);
        }
      }
    }
  }

  function commit(keyText: string, prev: ServiceEntry | undefined, next: ServiceEntry | undefined): void {
    if (!prev && !next) return;
    if (next) services.set(keyText, next);
    else services.delete(keyText);
    const nameKey = nameKeyOf((next ?? prev)!.key);
    if (!prev) names.set(nameKey, insertSorted(names.get(nameKey) ?? [], keyText, compareText));
    else if (!next) {
      const left = (names.get(nameKey) ?? []).filter((k) => k !== keyText);
      if (left.length) names.set(nameKey, left);
      else names.delete(nameKey);
    }
    if (!sameStrings(prev?.serviceIds, next?.serviceIds)) {
      const tenant = `${(next ?? prev)!.key.domain}/${(next ?? prev)!.key.project}/`;
      for (const id of prev?.serviceIds ?? []) {
        const left = (ids.get(tenant + id) ?? []).filter((k) => k !== keyText);
        if (left.length) ids.set(tenant + id, left);
        else ids.delete(tenant + id);
      }
      for (const id of next?.serviceIds ?? []) {
        const list = ids.get(tenant + id) ?? [];
        if (!list.includes(keyText)) ids.set(tenant + id, insertSorted(list, keyText, compareText));
      }
    }
    for (const c of prev?.conflicts ?? []) conflicts.delete(c.id);
    for (const c of next?.conflicts ?? []) conflicts.set(c.id, c);
    const before = aliasClaimsOf(prev);
    const after = aliasClaimsOf(next);
    for (const aliasKey of new Set([...before.keys(), ...after.keys()])) {
      aliasTouched.add(aliasKey);
      const a = before.get(aliasKey);
      const b = after.get(aliasKey);
      if (a?.global === b?.global && a?.local === b?.local) continue;
      const rest = (aliases.get(aliasKey)?.claims ?? []).filter((c) => c.keyText !== keyText);
      const claims: readonly AliasClaim[] = b ? insertSorted(rest, { keyText, ...b }, (x, y) => compareText(x.keyText, y.keyText)) : rest;
      aliases.set(aliasKey, { claims, conflicts: aliases.get(aliasKey)?.conflicts ?? [] });
    }
  }

  function refreshAlias(aliasKey: string): void {
    const entry = aliases.get(aliasKey);
    if (!entry) return;
    for (const c of entry.conflicts) conflicts.delete(c.id);
    if (entry.claims.length === 0) {
      aliases.delete(aliasKey);
      return;
    }
    const found = aliasConflictsOf(aliasKey, entry.claims, (k) => services.get(k));
    for (const c of found) conflicts.set(c.id, c);
    aliases.set(aliasKey, { claims: entry.claims, conflicts: found });
  }

  /** The recomputation of `finish`, pausing (a `yield`) after every `slice` services. */
  function* finishSteps(slice: number): Generator<void, View> {
    const ctx = mergeContext(sources, policy, now);
    let done = 0;
    const spliced = new Map<string, readonly string[]>();
    for (const keyText of affected) {
      const contributors = members.get(keyText);
      const prev = services.get(keyText);
      const ids = whole.has(keyText) ? undefined : instancesOnly.get(keyText);
      const updated = ids && prev && contributors ? updateInstances(ctx, keyText, contributors, prev, ids) : undefined;
      if (updated && updated !== prev) spliced.set(keyText, [...ids!].sort(compareText));
      const next = updated ?? (contributors ? computeEntry(ctx, keyText, contributors, prev) : undefined);
      commit(keyText, prev, next);
      if (++done % slice === 0) yield;
    }
    for (const aliasKey of aliasTouched) refreshAlias(aliasKey);
    return Object.freeze({
      self: policy.self,
      policy,
      now,
      sources,
      members: members.finish(),
      ids: ids.finish(),
      services: services.finish(),
      names: names.finish(),
      aliases: aliases.finish(),
      conflicts: conflicts.finish(),
      token: {},
      edit: spliced.size > 0 ? { from: base.token, instances: spliced } : undefined,
    });
  }

  function finish(): View {
    return runSteps(finishSteps(Infinity));
  }

  return { setSource, advance, finish, finishSteps, sources: sources as ReadonlyMap<string, SourceState> };
}
