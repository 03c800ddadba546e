import type { Tenant } from '../../keys/service-key';
import type {
  InstanceRecord,
  RecordMeta,
  ServiceRecord,
  Slot,
  Source,
  SourceInput,
  SummaryRecord,
  TagsRecord,
} from '../snapshot';
import { PMap, pedit, pget, pmapEmpty } from './pmap';
import { compareText, stableStringify } from './compare';
import { keyTextOfRecord, refOf } from './refs';
import { copySource } from './source-copy';
import { RecordMap } from './record-map';

/**
 * Of two versions of one record, the newer revision; equal revisions fall back to the
 * content text, so the choice never depends on which copy came first.
 */
export function pickRecord<R extends RecordMeta>(a: R, b: R): R {
  if (a === b || a.rev > b.rev) return a;
  if (b.rev > a.rev) return b;
  return compareText(stableStringify(a), stableStringify(b)) <= 0 ? a : b;
}

type SlotDraft = {
  tenant: Tenant;
  serviceId: string;
  service?: ServiceRecord;
  tags?: TagsRecord;
  summaries?: Map<string, SummaryRecord>;
  instances: ReadonlyMap<string, InstanceRecord>;
  /** `instances` is this draft's own plain Map (else the published slot's or a persistent RecordMap, copied on write). */
  ownInstances: boolean;
};

function freezeSlot(ref: string, d: SlotDraft, old?: Slot): Slot | undefined {
  const empty = !d.service && !d.tags && !(d.summaries && d.summaries.size) && d.instances.size === 0;
  if (empty) return undefined;
  return Object.freeze({
    ref,
    tenant: d.tenant,
    serviceId: d.serviceId,
    service: d.service,
    keyText: !d.service ? undefined : old?.service === d.service ? old.keyText : keyTextOfRecord(d.service),
    tags: d.tags,
    summaries: d.summaries && d.summaries.size ? d.summaries : undefined,
    instances: d.instances,
  });
}

function draftOf(slot: Slot | undefined, tenant: Tenant, serviceId: string): SlotDraft {
  return {
    tenant,
    serviceId,
    service: slot?.service,
    tags: slot?.tags,
    summaries: slot?.summaries ? new Map(slot.summaries) : undefined,
    instances: slot ? slot.instances : new Map(),
    ownInstances: !slot,
  };
}

type Built = { slots: PMap<Slot>; serviceCount: number; instanceCount: number };

/** `buildSlots`, pausing (a `yield`) after every `slice` records, so a caller can interleave other work. */
export function* buildSlotSteps(input: SourceInput, slice: number): Generator<void, Built> {
  const drafts = new Map<string, SlotDraft>();
  const draft = (tenant: Tenant, serviceId: string): SlotDraft => {
    const ref = refOf(tenant, serviceId);
    let d = drafts.get(ref);
    if (!d) drafts.set(ref, (d = { tenant, serviceId, instances: new Map(), ownInstances: true }));
    return d;
  };
  let done = 0;
  const pause = () => ++done % slice === 0;
  for (const r of input.services ?? []) {
    const d = draft(r.tenant, r.service.serviceId);
    d.service = d.service ? pickRecord(d.service, r) : r;
    if (pause()) yield;
  }
  for (const r of input.tags ?? []) {
    const d = draft(r.tenant, r.serviceId);
    d.tags = d.tags ? pickRecord(d.tags, r) : r;
    if (pause()) yield;
  }
  for (const r of input.summaries ?? []) {
    const m = (draft(r.tenant, r.serviceId).summaries ??= new Map());
    const old = m.get(r.schemaId);
    m.set(r.schemaId, old ? pickRecord(old, r) : r);
    if (pause()) yield;
  }
  for (const r of input.instances ?? []) {
    const m = draft(r.tenant, r.instance.serviceId).instances as Map<string, InstanceRecord>;
    const old = m.get(r.instance.instanceId);
    m.set(r.instance.instanceId, old ? pickRecord(old, r) : r);
    if (pause()) yield;
  }
  const e = pedit(pmapEmpty<Slot>());
  let serviceCount = 0;
  let instanceCount = 0;
  for (const [ref, d] of drafts) {
    const slot = freezeSlot(ref, d);
    if (!slot) continue;
    e.set(ref, slot);
    if (slot.service) serviceCount++;
    instanceCount += slot.instances.size;
  }
  return { slots: e.finish(), serviceCount, instanceCount };
}

/** One edit of one slot of a source. */
export type SlotEdit = Readonly<{ ref: string; tenant: Tenant; serviceId: string; edit: (d: SlotDraft) => void }>;

/**
 * Apply edits to a source's slots, keeping its counters right. Each slot is drafted once
 * for all its edits, so a batch of n changes to a slot of m instances costs O(n + m), not
 * O(n·m); the result equals applying the edits one by one.
 */
export function editSlots(source: Source, edits: Iterable<SlotEdit>): Source {
  const drafts = new Map<string, { d: SlotDraft; old: Slot | undefined }>();
  for (const e of edits) {
    let x = drafts.get(e.ref);
    if (!x) {
      const old = pget(source.slots, e.ref);
      drafts.set(e.ref, (x = { d: draftOf(old, e.tenant, e.serviceId), old }));
    }
    e.edit(x.d);
  }
  const slots = pedit(source.slots);
  let changed = false;
  let serviceCount = source.serviceCount;
  let instanceCount = source.instanceCount;
  for (const [ref, { d, old }] of drafts) {
    const slot = freezeSlot(ref, d, old);
    if (!old && !slot) continue;
    changed = true;
    if (slot) slots.set(ref, slot);
    else slots.delete(ref);
    serviceCount += (slot?.service ? 1 : 0) - (old?.service ? 1 : 0);
    instanceCount += (slot?.instances.size ?? 0) - (old?.instances.size ?? 0);
  }
  return changed ? copySource(source, { slots: slots.finish(), serviceCount, instanceCount }) : source;
}

/**
 * Below this many instances a slot keeps a plain Map, copied once per drafted batch (cheap,
 * and lighter than a persistent map's shards); from it on, edits go to a RecordMap, which
 * copies one shard per edit.
 */
const PERSISTENT_FROM = 64;

function editedInstances(d: SlotDraft, edit: (m: Map<string, InstanceRecord>) => void, persistent: (m: RecordMap<InstanceRecord>) => RecordMap<InstanceRecord>): void {
  if (d.instances instanceof RecordMap || d.instances.size >= PERSISTENT_FROM) {
    d.instances = persistent(RecordMap.from(d.instances));
    d.ownInstances = false;
    return;
  }
  if (!d.ownInstances) {
    d.instances = new Map(d.instances);
    d.ownInstances = true;
  }
  edit(d.instances as Map<string, InstanceRecord>);
}

function putInstanceIn(d: SlotDraft, r: InstanceRecord): void {
  const id = r.instance.instanceId;
  editedInstances(d, (m) => void m.set(id, r), (m) => m.with(id, r));
}

function deleteInstanceIn(d: SlotDraft, instanceId: string): void {
  if (d.instances.has(instanceId)) editedInstances(d, (m) => void m.delete(instanceId), (m) => m.without(instanceId));
}

const on = (tenant: Tenant, serviceId: string, edit: (d: SlotDraft) => void): SlotEdit => ({ ref: refOf(tenant, serviceId), tenant, serviceId, edit });

/** The slot edit of each record change. */
export const slotEdits = {
  putService: (r: ServiceRecord) => on(r.tenant, r.service.serviceId, (d) => void (d.service = r)),
  deleteService: (tenant: Tenant, serviceId: string) => on(tenant, serviceId, (d) => void (d.service = undefined)),
  putTags: (r: TagsRecord) => on(r.tenant, r.serviceId, (d) => void (d.tags = r)),
  deleteTags: (tenant: Tenant, serviceId: string) => on(tenant, serviceId, (d) => void (d.tags = undefined)),
  putSummary: (r: SummaryRecord) => on(r.tenant, r.serviceId, (d) => void (d.summaries ??= new Map()).set(r.schemaId, r)),
  deleteSummary: (tenant: Tenant, serviceId: string, schemaId: string) => on(tenant, serviceId, (d) => void d.summaries?.delete(schemaId)),
  putInstance: (r: InstanceRecord) => on(r.tenant, r.instance.serviceId, (d) => putInstanceIn(d, r)),
  deleteInstance: (tenant: Tenant, serviceId: string, instanceId: string) => on(tenant, serviceId, (d) => deleteInstanceIn(d, instanceId)),
};
