import type { MicroService } from '../model/micro-service';
import type { MicroServiceInstance } from '../model/instance';
import type { StringMap } from '../codec/optional';
import type { Tenant } from '../keys/service-key';
import { PMap, pentries, pmapEmpty } from './internal/pmap';
import { buildSlotSteps } from './internal/slot-edit';
import { runSteps } from './internal/steps';

export { refOf, sourceKeyOf } from './internal/refs';

export type SourceKind = 'local' | 'servicecenter' | 'k8s';

/**
 * `lastConfirmed` is when the source last answered (ms since the epoch). Staleness is
 * judged only for `unreachable` sources, so a fresh source may bump it freely.
 */
export type SourceHealth = Readonly<{ status: 'fresh' | 'unreachable'; lastConfirmed: number }>;

/** A source is named by its cluster and kind: this server's local store and its own k8s share the cluster name. */
export type SourceId = Readonly<{ cluster: string; kind: SourceKind }>;

/**
 * `origin` is the cluster where the record was registered (kept across relays); `rev` is
 * its revision at the origin, which must grow whenever the record changes.
 */
export type RecordMeta = Readonly<{ origin: string; rev: number }>;

export type ServiceRecord = RecordMeta &
  Readonly<{ tenant: Tenant; service: MicroService & Readonly<{ serviceId: string }> }>;
export type InstanceRecord = RecordMeta &
  Readonly<{ tenant: Tenant; instance: MicroServiceInstance & Readonly<{ serviceId: string; instanceId: string }> }>;
export type TagsRecord = RecordMeta & Readonly<{ tenant: Tenant; serviceId: string; tags: StringMap }>;
export type SummaryRecord = RecordMeta &
  Readonly<{ tenant: Tenant; serviceId: string; schemaId: string; summary: string }>;

/** Everything one source holds under one (tenant, serviceId). */
export type Slot = Readonly<{
  ref: string;
  tenant: Tenant;
  serviceId: string;
  service: ServiceRecord | undefined;
  /** The identity key text of `service`, computed once. */
  keyText: string | undefined;
  tags: TagsRecord | undefined;
  summaries: ReadonlyMap<string, SummaryRecord> | undefined;
  instances: ReadonlyMap<string, InstanceRecord>;
}>;

/** One source's snapshot: an immutable value, replaced on a relist and rebuilt by changes. */
export type Source = SourceId &
  Readonly<{
    health: SourceHealth;
    revision: string | undefined;
    slots: PMap<Slot>;
    serviceCount: number;
    instanceCount: number;
  }>;

/** The plain arrays a source adapter produces (e.g. from an admin dump or a k8s list). */
export type SourceInput = SourceId &
  Readonly<{
    health: SourceHealth;
    revision?: string;
    services?: readonly ServiceRecord[];
    instances?: readonly InstanceRecord[];
    tags?: readonly TagsRecord[];
    summaries?: readonly SummaryRecord[];
  }>;

/** Build a snapshot; a record given twice keeps the newer revision. */
export function sourceOf(input: SourceInput): Source {
  return runSteps(sourceSteps(input, Infinity));
}

/**
 * `sourceOf` step by step: it pauses (a `yield`) after every `slice` records and returns the
 * same snapshot, so a server can build a big one between other work.
 */
export function* sourceSteps(input: SourceInput, slice: number): Generator<void, Source> {
  const { slots, serviceCount, instanceCount } = yield* buildSlotSteps(input, slice);
  return Object.freeze({
    cluster: input.cluster,
    kind: input.kind,
    health: input.health,
    revision: input.revision,
    slots,
    serviceCount,
    instanceCount,
  });
}

export function emptySource(id: SourceId, health: SourceHealth): Source {
  return Object.freeze({ ...id, health, revision: undefined, slots: pmapEmpty<Slot>(), serviceCount: 0, instanceCount: 0 });
}

/** The records of a snapshot as plain arrays (the inverse of sourceOf). */
export function sourceRecords(s: Source): Required<Pick<SourceInput, 'services' | 'instances' | 'tags' | 'summaries'>> {
  const services: ServiceRecord[] = [];
  const instances: InstanceRecord[] = [];
  const tags: TagsRecord[] = [];
  const summaries: SummaryRecord[] = [];
  for (const [, slot] of pentries(s.slots)) {
    if (slot.service) services.push(slot.service);
    if (slot.tags) tags.push(slot.tags);
    if (slot.summaries) summaries.push(...slot.summaries.values());
    instances.push(...slot.instances.values());
  }
  return { services, instances, tags, summaries };
}
