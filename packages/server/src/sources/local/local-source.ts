import {
  DEFAULT_TENANT,
  InstanceRecord,
  KeyPrefix,
  ServiceRecord,
  SourceChange,
  SourceId,
  SourceInput,
  SummaryRecord,
  TagsRecord,
  Tenant,
  keyScope,
  parseEtcdKey,
} from '@service-center/core';
import type { Kv, KvBatch, KvStore } from '../../store/kv';
import type { Source, SourceSink } from '../source-sink';
import { isSelfService } from '../../registry/common';
import { valueOf } from '../../registry/tables';
import type { InstanceView } from '../../registry/instances/self-preservation';

type Rec =
  | { kind: 'service'; record: ServiceRecord }
  | { kind: 'instance'; record: InstanceRecord }
  | { kind: 'tags'; record: TagsRecord }
  | { kind: 'summary'; record: SummaryRecord };


const PREFIXES = [KeyPrefix.service, KeyPrefix.tags, KeyPrefix.summary];

const refOf = (t: Tenant, serviceId: string) => `${t.domain}/${t.project}/${serviceId}`;

/**
 * The local registry as a merge source (origin = this server). It reads what readers see:
 * instances through the self-preservation view (held expiries included), and is fed the
 * view's batches, so a held expiry reaches neither the merged view nor (through the view's
 * change events) the peers. Service-Center's own
 * registration is left out: every server has one, it is not data to federate.
 */
export class LocalSource implements Source {
  readonly id: SourceId;
  /** Refs (`domain/project/serviceId`) of SERVICECENTER registrations, skipped with their instances. */
  private readonly selfRefs = new Set<string>();
  /** One Tenant object per tenant, shared by all its records (not one per parsed key). */
  private readonly tenants = new Map<string, Tenant>();

  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: KvStore,
    private readonly readers: Pick<InstanceView, 'allInstanceKvs' | 'subscribe'>,
    readonly self: string,
    private readonly sink: Pick<SourceSink, 'replace' | 'apply'>,
    private readonly now: () => number,
  ) {
    this.id = { cluster: self, kind: 'local' };
    for (const kv of store.range(keyScope.tenant('service', DEFAULT_TENANT))) this.noteService(kv, false);
  }

  /** A first snapshot, then every batch readers see, into the merge. */
  start(): void {
    this.sink.replace(this.snapshot(this.now()));
    this.unsubscribe = this.readers.subscribe((batch) => this.sink.apply(this.changesOf(batch)));
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
  }

  snapshot(now: number): SourceInput {
    const services: ServiceRecord[] = [];
    const instances: InstanceRecord[] = [];
    const tags: TagsRecord[] = [];
    const summaries: SummaryRecord[] = [];
    for (const kvs of [...PREFIXES.map((p) => this.store.range(p)), this.readers.allInstanceKvs()]) {
      for (const kv of kvs) {
        const r = this.recordOf(kv);
        if (r?.kind === 'service') services.push(r.record);
        else if (r?.kind === 'instance') instances.push(r.record);
        else if (r?.kind === 'tags') tags.push(r.record);
        else if (r?.kind === 'summary') summaries.push(r.record);
      }
    }
    const health = { status: 'fresh' as const, lastConfirmed: now };
    return { ...this.id, health, revision: String(this.store.revision()), services, instances, tags, summaries };
  }

  /** The merge changes one batch (as readers see it) makes. */
  changesOf(batch: KvBatch): SourceChange[] {
    const source = this.id;
    const out: SourceChange[] = [];
    for (const e of batch.events) {
      if (e.kv.key.startsWith(KeyPrefix.service)) this.noteService(e.kv, e.type === 'DELETE');
      if (e.type === 'PUT') {
        const r = this.recordOf(e.kv);
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

  private noteService(kv: Kv, deleted: boolean): void {
    const k = parseEtcdKey(kv.key);
    if (k?.kind !== 'service') return;
    const ref = refOf(k.tenant, k.serviceId);
    if (!deleted && isSelfService(k.tenant, valueOf('service', kv))) this.selfRefs.add(ref);
    else if (deleted) this.selfRefs.delete(ref);
  }

  /**
   * Records are built as plain literals of one shape, reusing the stored (frozen) values when
   * they already carry their ids: spread copies cost memory and give V8 a hidden class per
   * object, which slows the merge several times.
   */
  private recordOf(kv: Kv): Rec | undefined {
    const k = parseEtcdKey(kv.key);
    if (!k || (k.kind !== 'service' && k.kind !== 'instance' && k.kind !== 'tags' && k.kind !== 'summary')) return undefined;
    if (this.selfRefs.has(refOf(k.tenant, k.serviceId))) return undefined;
    const origin = this.self;
    const rev = kv.modRevision;
    const tenant = this.tenantOf(k.tenant);
    switch (k.kind) {
      case 'service': {
        const v = valueOf('service', kv);
        const service = v.serviceId === k.serviceId ? v : { ...v, serviceId: k.serviceId };
        return { kind: 'service', record: { origin, rev, tenant, service } };
      }
      case 'instance': {
        const v = valueOf('instance', kv);
        const instance = v.serviceId === k.serviceId && v.instanceId === k.instanceId ? v : { ...v, serviceId: k.serviceId, instanceId: k.instanceId };
        return { kind: 'instance', record: { origin, rev, tenant, instance } };
      }
      case 'tags':
        return { kind: 'tags', record: { origin, rev, tenant, serviceId: k.serviceId, tags: valueOf('tags', kv) } };
      case 'summary':
        return { kind: 'summary', record: { origin, rev, tenant, serviceId: k.serviceId, schemaId: k.schemaId, summary: valueOf('summary', kv) } };
      default:
        return undefined;
    }
  }

  private tenantOf(t: Tenant): Tenant {
    const key = `${t.domain}/${t.project}`;
    let shared = this.tenants.get(key);
    if (!shared) this.tenants.set(key, (shared = { domain: t.domain, project: t.project }));
    return shared;
  }
}
