import type { MicroServiceInstance } from '../model/instance';
import type { StringMap } from '../codec/optional';
import type { ServiceKey, Tenant } from '../keys/service-key';
import type { Conflict, AliasConflict } from './conflict';
import type { MergePolicy } from './policy';
import type { ServiceRecord, SourceId, SummaryRecord } from './snapshot';
import type { SourceState } from './source-state';
import { PMap, pget, pvalues } from './internal/pmap';
import { compareConflicts } from './conflict';
import { refOf, sourceKeyOf } from './internal/refs';
import { compareText } from './internal/compare';

/** Flags every served record carries: which origin, and how far its source can be trusted. */
export type RecordFlags = Readonly<{
  origin: string;
  rev: number;
  /** No source that still answers confirms this record. */
  stale: boolean;
  /** Stale for longer than `demoteAfter`: served only when nothing fresh exists. */
  demoted: boolean;
  /** When a source last confirmed it; set only while stale. */
  lastConfirmed: number | undefined;
  /** Kept only because its source is quarantined. */
  held: boolean;
}>;

export type InstanceEntry = RecordFlags &
  Readonly<{ tenant: Tenant; serviceId: string; instanceId: string; instance: MicroServiceInstance }>;

export type DefinitionEntry = RecordFlags &
  Readonly<{
    record: ServiceRecord;
    serviceId: string;
    tags: StringMap | undefined;
    summaries: ReadonlyMap<string, SummaryRecord> | undefined;
  }>;

/** What one read scope (global, or this server's own sources) sees of a logical service. */
export type ServiceScope = Readonly<{
  definition: DefinitionEntry;
  /** Sorted by instanceId. Dropped records are absent; demoted ones are present and flagged. */
  instances: readonly InstanceEntry[];
  /** Whether any instance is not stale (then demoted ones are not served). */
  hasFresh: boolean;
}>;

/** One logical service: everything merged under one identity key. */
export type ServiceEntry = Readonly<{
  key: ServiceKey;
  keyText: string;
  /** Undefined when no usable definition exists (e.g. only echoes of our own). */
  global: ServiceScope | undefined;
  /** The same from this server's own sources only (reads without `global`). */
  local: ServiceScope | undefined;
  /** Every serviceId seen for this key, sorted. */
  serviceIds: readonly string[];
  /** Every origin cluster that contributed a definition or instance, sorted. */
  origins: readonly string[];
  conflicts: readonly Conflict[];
}>;

/** A (source, slot) pair feeding a logical service. */
export type Contributor = Readonly<{ source: string; ref: string }>;

export type AliasClaim = Readonly<{ keyText: string; global: boolean; local: boolean }>;
export type AliasIndexEntry = Readonly<{ claims: readonly AliasClaim[]; conflicts: readonly AliasConflict[] }>;

/**
 * The merged view: immutable, structurally shared between versions. Besides the merged
 * services it keeps the source states it was computed from, so `applyChange` can redo
 * the merge of one service without the other inputs.
 */
export type View = Readonly<{
  self: string;
  policy: MergePolicy;
  now: number;
  /** By source key (`cluster/kind`). */
  sources: ReadonlyMap<string, SourceState>;
  /** Identity key text -> the slots that map to it. */
  members: PMap<readonly Contributor[]>;
  /** `domain/project/serviceId` -> the served keys with a definition under that id (normally one). */
  ids: PMap<readonly string[]>;
  /** Identity key text -> the merged service (only keys served in some scope). */
  services: PMap<ServiceEntry>;
  /** `domain/project/env/appId/serviceName` -> key texts (all versions). */
  names: PMap<readonly string[]>;
  /** `domain/project/env/appId/alias` -> who claims the alias. */
  aliases: PMap<AliasIndexEntry>;
  /** Conflict id -> conflict. */
  conflicts: PMap<Conflict>;
  /** This version's identity, named by the `edit` of the versions made from it. */
  token: object;
  /** Set when this version was made from another by instance writes (see ViewEdit). */
  edit: ViewEdit | undefined;
}>;

/**
 * How a view was made from the version whose `token` is `from`: the services listed changed
 * only in those instances (sorted ids), in every scope. `diff` between the two versions then
 * looks at those instances alone instead of walking each changed service. Only the token is
 * held, so a view never keeps its predecessors alive.
 */
export type ViewEdit = Readonly<{ from: object; instances: ReadonlyMap<string, readonly string[]> }>;

/** Where `instanceId` is, or would go, in a scope's instances (sorted by instanceId). */
export function instanceIndexOf(instances: readonly InstanceEntry[], instanceId: string): number {
  let lo = 0;
  let hi = instances.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareText(instances[mid].instanceId, instanceId) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One instance of a scope, by binary search. */
export function instanceEntryOf(scope: ServiceScope | undefined, instanceId: string): InstanceEntry | undefined {
  const list = scope?.instances;
  if (!list) return undefined;
  const i = list[instanceIndexOf(list, instanceId)];
  return i?.instanceId === instanceId ? i : undefined;
}

export function serviceEntryOf(view: View, keyText: string): ServiceEntry | undefined {
  return pget(view.services, keyText);
}

/** The logical services a serviceId stands for (normally one), in key order. */
export function serviceEntriesById(view: View, tenant: Tenant, serviceId: string): ServiceEntry[] {
  const keys = pget(view.ids, refOf(tenant, serviceId)) ?? [];
  return keys.map((k) => pget(view.services, k)).filter((e): e is ServiceEntry => e !== undefined);
}

export function conflictsOf(view: View): Conflict[] {
  return [...pvalues(view.conflicts)].sort(compareConflicts);
}

export function sourceStateOf(view: View, id: SourceId): SourceState | undefined {
  return view.sources.get(sourceKeyOf(id));
}

export function* serviceEntries(view: View): IterableIterator<ServiceEntry> {
  yield* pvalues(view.services);
}
