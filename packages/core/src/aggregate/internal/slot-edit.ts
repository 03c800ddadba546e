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
  };
}

export function buildSlots(input: SourceInput): { slots: PMap<Slot>; serviceCount: number; instanceCount: number } {
  const drafts = new Map<string, SlotDraft>();
  const draft = (tenant: Tenant, serviceId: string): SlotDraft => {
    const ref = refOf(tenant, serviceId);
    let d = drafts.get(ref);
    if (!d) drafts.set(ref, (d = { tenant, serviceId, instances: new Map() }));
    return d;
  };
  for (const r of input.services ?? []) {
    const d = draft(r.tenant, r.service.serviceId);
    d.service = d.service ? pickRecord(d.service, r) : r;
  }
  for (const r of input.tags ?? []) {
    const d = draft(r.tenant, r.serviceId);
    d.tags = d.tags ? pickRecord(d.tags, r) : r;
  }
  for (const r of input.summaries ?? []) {
    const m = (draft(r.tenant, r.serviceId).summaries ??= new Map());
    const old = m.get(r.schemaId);
    m.set(r.schemaId, old ? pickRecord(old, r) : r);
  }
  for (const r of input.instances ?? []) {
    const m = draft(r.tenant, r.instance.serviceId).instances as Map<string, InstanceRecord>;
    const old = m.get(r.instance.instanceId);
    m.set(r.instance.instanceId, old ? pickRecord(old, r) : r);
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

/** Replace one slot of a source, keeping its counters right. */
function withSlot(source: Source, ref: string, edit: (d: SlotDraft) => void, tenant: Tenant, serviceId: string): Source {
  const old = pget(source.slots, ref);
  const d = draftOf(old, tenant, serviceId);
  edit(d);
  const slot = freezeSlot(ref, d, old);
  if (!old && !slot) return source;
  const e = pedit(source.slots);
  if (slot) e.set(ref, slot);
  else e.delete(ref);
  return copySource(source, {
    slots: e.finish(),
    serviceCount: source.serviceCount - (old?.service ? 1 : 0) + (slot?.service ? 1 : 0),
    instanceCount: source.instanceCount - (old?.instances.size ?? 0) + (slot?.instances.size ?? 0),
  });
}

/**
 * Below this many instances a slot keeps a plain Map, copied on each edit (cheap, and lighter
 * than a persistent map's shards); from it on, edits go to a RecordMap, which copies one shard.
 */
const PERSISTENT_FROM = 64;

function editedInstances(d: SlotDraft, edit: (m: Map<string, InstanceRecord>) => void, persistent: (m: RecordMap<InstanceRecord>) => RecordMap<InstanceRecord>): void {
  if (d.instances instanceof RecordMap || d.instances.size >= PERSISTENT_FROM) {
    d.instances = persistent(RecordMap.from(d.instances));
    return;
  }
  const copy = new Map(d.instances);
  edit(copy);
  d.instances = copy;
}

function putInstanceIn(d: SlotDraft, r: InstanceRecord): void {
  const id = r.instance.instanceId;
  editedInstances(d, (m) => void m.set(id, r), (m) => m.with(id, r));
}

function deleteInstanceIn(d: SlotDraft, instanceId: string): void {
  if (d.instances.has(instanceId)) editedInstances(d, (m) => void m.delete(instanceId), (m) => m.without(instanceId));
}

export const slotEdits = {
  putService: (s: Source, r: ServiceRecord) =>
    withSlot(s, refOf(r.tenant, r.service.serviceId), (d) => void (d.service = r), r.tenant, r.service.serviceId),
  deleteService: (s: Source, tenant: Tenant, serviceId: string) =>
    withSlot(s, refOf(tenant, serviceId), (d) => void (d.service = undefined), tenant, serviceId),
  putTags: (s: Source, r: TagsRecord) =>
    withSlot(s, refOf(r.tenant, r.serviceId), (d) => void (d.tags = r), r.tenant, r.serviceId),
  deleteTags: (s: Source, tenant: Tenant, serviceId: string) =>
    withSlot(s, refOf(tenant, serviceId), (d) => void (d.tags = undefined), tenant, serviceId),
  putSummary: (s: Source, r: SummaryRecord) =>
    withSlot(s, refOf(r.tenant, r.serviceId), (d) => void (d.summaries ??= new Map()).set(r.schemaId, r), r.tenant, r.serviceId),
  deleteSummary: (s: Source, tenant: Tenant, serviceId: string, schemaId: string) =>
    withSlot(s, refOf(tenant, serviceId), (d) => void d.summaries?.delete(schemaId), tenant, serviceId),
  putInstance: (s: Source, r: InstanceRecord) =>
    withSlot(
      s,
      refOf(r.tenant, r.instance.serviceId),
      (d) => putInstanceIn(d, r),
      r.tenant,
      r.instance.serviceId,
    ),
  deleteInstance: (s: Source, tenant: Tenant, serviceId: string, instanceId: string) =>
    withSlot(s, refOf(tenant, serviceId), (d) => deleteInstanceIn(d, instanceId), tenant, serviceId),
};
