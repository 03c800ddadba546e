import type { MergePolicy } from '../policy';
import type { InstanceRecord, ServiceRecord, Slot, SummaryRecord, TagsRecord } from '../snapshot';
import { Freshness, SourceState, freshnessOf, heldFreshnessOf } from '../source-state';
import type { Contributor } from '../view';
import { pget } from './pmap';

/** The way a record reached us: which source, whether that source is this server's own, how fresh. */
export type Path = Readonly<{ source: string; cluster: string; own: boolean; fresh: Freshness; held: boolean }>;

export type InstanceCandidate = Readonly<{ rec: InstanceRecord; path: Path }>;
export type DefinitionCandidate = Readonly<{
  rec: ServiceRecord;
  tags: TagsRecord | undefined;
  summaries: ReadonlyMap<string, SummaryRecord> | undefined;
  path: Path;
}>;

type SourcePaths = Readonly<{ state: SourceState; current: Path; held: Path | undefined }>;

/** Everything a recomputation reads; paths are built once per source and shared by all records. */
export type MergeContext = Readonly<{
  self: string;
  policy: MergePolicy;
  now: number;
  sources: ReadonlyMap<string, SourceState>;
  paths: Map<string, SourcePaths>;
}>;

export function mergeContext(
  sources: ReadonlyMap<string, SourceState>,
  policy: MergePolicy,
  now: number,
): MergeContext {
  return { self: policy.self, policy, now, sources, paths: new Map() };
}

/**
 * This server's own sources (its store, its own Kubernetes) are the only ones whose
 * records may carry this server as origin; a peer named like us is a loop, not ours.
 */
export function isOwnSource(s: Readonly<{ cluster: string; kind: string }>, self: string): boolean {
  return s.cluster === self && s.kind !== 'servicecenter';
}

function pathsOf(ctx: MergeContext, sourceKey: string): SourcePaths | undefined {
  let p = ctx.paths.get(sourceKey);
  if (p) return p;
  const state = ctx.sources.get(sourceKey);
  if (!state) return undefined;
  const own = isOwnSource(state.source, ctx.self);
  const cluster = state.source.cluster;
  // Plain literals, not spreads: V8 (Node 20) spreads a small object in microseconds.
  p = {
    state,
    current: { source: sourceKey, cluster, own, fresh: freshnessOf(state.source.health, ctx.policy, ctx.now), held: false },
    held: state.quarantine
      ? { source: sourceKey, cluster, own, fresh: heldFreshnessOf(state.quarantine, ctx.policy, ctx.now), held: true }
      : undefined,
  };
  ctx.paths.set(sourceKey, p);
  return p;
}

/** Records whose origin is this server, reaching us through someone else, are echoes. */
function isEcho(origin: string, path: Path, self: string): boolean {
  return origin === self && !path.own;
}

/** Instance candidates as parallel arrays: one merge sees ~100k of them, objects per candidate would be garbage. */
export type InstanceCandidates = { recs: InstanceRecord[]; paths: Path[] };
export type Candidates = { defs: DefinitionCandidate[]; instances: InstanceCandidates };

/**
 * One contributor's slots as the merge sees them: the current one unless its source is
 * dropped (a dropped source contributes nothing of its own), and what quarantine holds.
 */
function contributorSlots(ctx: MergeContext, c: Contributor): { paths: SourcePaths; usable: Slot | undefined; held: Slot | undefined } | undefined {
  const paths = pathsOf(ctx, c.source);
  if (!paths) return undefined;
  const cur = pget(paths.state.source.slots, c.ref);
  const held = paths.state.quarantine && paths.held ? pget(paths.state.quarantine.held.slots, c.ref) : undefined;
  return { paths, usable: paths.current.fresh.dropped ? undefined : cur, held };
}

/** Gather the usable records of a logical service: no echoes, nothing from a dropped source. */
export function collectCandidates(ctx: MergeContext, keyText: string, contributors: readonly Contributor[]): Candidates {
  const defs: DefinitionCandidate[] = [];
  const recs: InstanceRecord[] = [];
  const routes: Path[] = [];
  for (const c of contributors) {
    const slots = contributorSlots(ctx, c);
    if (!slots) continue;
    const { paths, usable, held } = slots;
    if (usable?.service) addDefinition(defs, usable, paths.current, ctx.self);
    else if (held?.service && held.keyText === keyText) addDefinition(defs, held, paths.held!, ctx.self);
    if (usable) {
      for (const rec of usable.instances.values()) {
        if (isEcho(rec.origin, paths.current, ctx.self)) continue;
        recs.push(rec);
        routes.push(paths.current);
      }
    }
    if (held) {
      for (const [id, rec] of held.instances) {
        if (usable?.instances.has(id) || isEcho(rec.origin, paths.held!, ctx.self)) continue;
        recs.push(rec);
        routes.push(paths.held!);
      }
    }
  }
  return { defs, instances: { recs, paths: routes } };
}

/**
 * The candidates for one instanceId of a logical service, in the order `collectCandidates`
 * meets them (the order its merge sees a group in), for recomputing just that instance.
 */
export function collectInstanceCandidates(ctx: MergeContext, contributors: readonly Contributor[], instanceId: string): InstanceCandidate[] {
  const out: InstanceCandidate[] = [];
  for (const c of contributors) {
    const slots = contributorSlots(ctx, c);
    if (!slots) continue;
    const { paths, usable, held } = slots;
    const rec = usable?.instances.get(instanceId);
    if (rec && !isEcho(rec.origin, paths.current, ctx.self)) out.push({ rec, path: paths.current });
    const kept = usable?.instances.has(instanceId) ? undefined : held?.instances.get(instanceId);
    if (kept && !isEcho(kept.origin, paths.held!, ctx.self)) out.push({ rec: kept, path: paths.held! });
  }
  return out;
}

function addDefinition(defs: DefinitionCandidate[], slot: Slot, path: Path, self: string): void {
  const rec = slot.service!;
  if (isEcho(rec.origin, path, self)) return;
  defs.push({ rec, tags: slot.tags, summaries: slot.summaries, path });
}
