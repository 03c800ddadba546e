import {
  InstanceRecord,
  KeyPrefix,
  MicroService,
  MicroServiceInstance,
  ServiceRecord,
  SourceChange,
  SourceId,
  SourceInput,
  SummaryRecord,
  TagsRecord,
  parseEtcdKey,
} from '@service-center/core';
import type { Kv, KvBatch, KvStore } from '../../store/kv';

/** SC's own registration is per server, not data to federate (every server has one). */
export const SELF_SERVICE_NAME = 'SERVICECENTER';

type Rec =
  | { kind: 'service'; record: ServiceRecord }
  | { kind: 'instance'; record: InstanceRecord }
  | { kind: 'tags'; record: TagsRecord }
  | { kind: 'summary'; record: SummaryRecord };

/** The source record a stored KV stands for, if it is one the merge knows. */
export function recordOfKv(kv: Kv, origin: string): Rec | undefined {
  const k = parseEtcdKey(kv.key);
  if (!k) return undefined;
  const meta = { origin, rev: kv.modRevision };
  switch (k.kind) {
    case 'service': {
      const service = kv.value as MicroService;
      if (service.serviceName === SELF_SERVICE_NAME && k.tenant.domain === 'default' && k.tenant.project === 'default') return undefined;
      return { kind: 'service', record: { ...meta, tenant: k.tenant, service: { ...service, serviceId: k.serviceId } } };
    }
    case 'instance':
      return {
        kind: 'instance',
        record: {
          ...meta,
          tenant: k.tenant,
          instance: { ...(kv.value as MicroServiceInstance), serviceId: k.serviceId, instanceId: k.instanceId },
        },
      };
    case 'tags':
      return { kind: 'tags', record: { ...meta, tenant: k.tenant, serviceId: k.serviceId, tags: kv.value as Record<string, string> } };
    case 'summary':
      return {
        kind: 'summary',
        record: { ...meta, tenant: k.tenant, serviceId: k.serviceId, schemaId: k.schemaId, summary: String(kv.value) },
      };
    default:
      return undefined;
  }
}

const PREFIXES = [KeyPrefix.service, KeyPrefix.instance, KeyPrefix.tags, KeyPrefix.summary];

/** The whole local registry as a `local` source snapshot (origin = this server). */
export function localSnapshot(store: KvStore, self: string, now: number): SourceInput {
  const services: ServiceRecord[] = [];
  const instances: InstanceRecord[] = [];
  const tags: TagsRecord[] = [];
  const summaries: SummaryRecord[] = [];
  for (const prefix of PREFIXES) {
    for (const kv of store.range(prefix)) {
      const r = recordOfKv(kv, self);
      if (r?.kind === 'service') services.push(r.record);
      else if (r?.kind === 'instance') instances.push(r.record);
      else if (r?.kind === 'tags') tags.push(r.record);
      else if (r?.kind === 'summary') summaries.push(r.record);
    }
  }
  return {
    cluster: self,
    kind: 'local',
    health: { status: 'fresh', lastConfirmed: now },
    revision: String(store.revision()),
    services,
    instances,
    tags,
    summaries,
  };
}

/** The merge changes one committed store batch makes to the local source. */
export function changesOfBatch(batch: KvBatch, source: SourceId): SourceChange[] {
  const out: SourceChange[] = [];
  for (const e of batch.events) {
    if (e.type === 'PUT') {
      const r = recordOfKv(e.kv, source.cluster);
      if (!r) continue;
      if (r.kind === 'service') out.push({ kind: 'put-service', source, record: r.record });
      else if (r.kind === 'instance') out.push({ kind: 'put-instance', source, record: r.record });
      else if (r.kind === 'tags') out.push({ kind: 'put-tags', source, record: r.record });
      else out.push({ kind: 'put-summary', source, record: r.record });
      continue;
    }
    const k = parseEtcdKey(e.kv.key);
    if (k?.kind === 'service') out.push({ kind: 'delete-service', source, tenant: k.tenant, serviceId: k.serviceId });
    else if (k?.kind === 'instance')
      out.push({ kind: 'delete-instance', source, tenant: k.tenant, serviceId: k.serviceId, instanceId: k.instanceId });
    else if (k?.kind === 'tags') out.push({ kind: 'delete-tags', source, tenant: k.tenant, serviceId: k.serviceId });
    else if (k?.kind === 'summary')
      out.push({ kind: 'delete-summary', source, tenant: k.tenant, serviceId: k.serviceId, schemaId: k.schemaId });
  }
  return out;
}
