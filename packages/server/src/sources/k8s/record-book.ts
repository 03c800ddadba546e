import type { InstanceRecord, ServiceRecord, SourceChange, SourceHealth, SourceId, SourceInput } from '@service-center/core';
import type { InstanceDeps } from './mapping';

/** What one Kubernetes Service (`namespace/name`) maps to. */
export type Contribution = Readonly<{ service: ServiceRecord; instances: readonly InstanceRecord[]; deps: InstanceDeps }>;

type Published = Readonly<{ service: ServiceRecord; instances: ReadonlyMap<string, InstanceRecord> }>;

/** The merge changes of one update, in a safe order (services before their instances, deleted after). */
export type RecordDiff = Readonly<{ changes: SourceChange[] }>;

const EMPTY: RecordDiff = Object.freeze({ changes: [] });

function sameContent<T>(a: T, b: T): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function creationOf(c: Contribution): number {
  const ts = Number(c.service.service.timestamp);
  return Number.isFinite(ts) ? ts : Number.MAX_SAFE_INTEGER;
}

/**
 * The records the `k8s` source publishes, kept per Kubernetes Service and per serviceId.
 * Services in several namespaces with the same name and labels share one serviceId (its index key has no namespace):
 * their instances are unioned and the oldest Service's definition stands for them.
 * A record whose content did not change keeps its revision (no event); one that changed
 * gets a revision above the one published, so peers always see it as newer.
 */
export class RecordBook {
  private readonly contributions = new Map<string, Contribution>();
  private readonly keysById = new Map<string, Set<string>>();
  private readonly dependents = { pods: new Map<string, Set<string>>(), ips: new Map<string, Set<string>>(), nodes: new Map<string, Set<string>>() };
  private published = new Map<string, Published>();

  constructor(
    private readonly id: SourceId,
    private readonly compute: (serviceKey: string) => Contribution | undefined,
  ) {}

  /** The Services whose instances depend on a pod (by key or IP) or a node. */
  dependentsOf(kind: 'pods' | 'ips' | 'nodes', ref: string): readonly string[] {
    return [...(this.dependents[kind].get(ref) ?? [])];
  }

  /** Recompute some Services. */
  update(serviceKeys: Iterable<string>): RecordDiff {
    const touched = new Set<string>();
    for (const key of new Set(serviceKeys)) {
      const before = this.contributions.get(key);
      if (before) this.forget(key, before, touched);
      const after = this.compute(key);
      if (after) this.remember(key, after, touched);
    }
    return touched.size === 0 ? EMPTY : this.republish(touched);
  }

  /** Recompute every Service (after a relist): the ones not in `serviceKeys` are gone. */
  rebuild(serviceKeys: Iterable<string>): RecordDiff {
    const keep = new Set(serviceKeys);
    const gone = [...this.contributions.keys()].filter((k) => !keep.has(k));
    return this.update([...gone, ...keep]);
  }

  services(): ServiceRecord[] {
    return [...this.published.values()].map((p) => p.service);
  }

  instances(): InstanceRecord[] {
    return [...this.published.values()].flatMap((p) => [...p.instances.values()]);
  }

  input(health: SourceHealth, revision?: string): SourceInput {
    return { ...this.id, health, revision, services: this.services(), instances: this.instances() };
  }

  private forget(key: string, c: Contribution, touched: Set<string>): void {
    this.contributions.delete(key);
    const id = c.service.service.serviceId;
    this.keysById.get(id)?.delete(key);
    if (this.keysById.get(id)?.size === 0) this.keysById.delete(id);
    touched.add(id);
    for (const kind of ['pods', 'ips', 'nodes'] as const) {
      for (const ref of c.deps[kind]) {
        const set = this.dependents[kind].get(ref);
        set?.delete(key);
        if (set?.size === 0) this.dependents[kind].delete(ref);
      }
    }
  }

  private remember(key: string, c: Contribution, touched: Set<string>): void {
    this.contributions.set(key, c);
    const id = c.service.service.serviceId;
    let keys = this.keysById.get(id);
    if (!keys) this.keysById.set(id, (keys = new Set()));
    keys.add(key);
    touched.add(id);
    for (const kind of ['pods', 'ips', 'nodes'] as const) {
      for (const ref of c.deps[kind]) {
        let set = this.dependents[kind].get(ref);
        if (!set) this.dependents[kind].set(ref, (set = new Set()));
        set.add(key);
      }
    }
  }

  /** What one serviceId publishes now: the oldest Service's definition, the union of instances. */
  private wanted(serviceId: string): { service: ServiceRecord; instances: Map<string, InstanceRecord> } | undefined {
    const keys = [...(this.keysById.get(serviceId) ?? [])].sort();
    const cs = keys.map((k) => this.contributions.get(k)).filter((c): c is Contribution => c !== undefined);
    if (cs.length === 0) return undefined;
    const first = cs.reduce((a, b) => (creationOf(b) < creationOf(a) ? b : a));
    const instances = new Map<string, InstanceRecord>();
    for (const c of cs) for (const i of c.instances) if (!instances.has(i.instance.instanceId)) instances.set(i.instance.instanceId, i);
    return { service: first.service, instances };
  }

  private republish(serviceIds: Iterable<string>): RecordDiff {
    const source = this.id;
    const putServices: SourceChange[] = [];
    const putInstances: SourceChange[] = [];
    const delInstances: SourceChange[] = [];
    const delServices: SourceChange[] = [];
    for (const serviceId of [...serviceIds].sort()) {
      const before = this.published.get(serviceId);
      const want = this.wanted(serviceId);
      const anchor = want?.service ?? before?.service;
      if (!anchor) continue;
      const tenant = anchor.tenant;
      let service: ServiceRecord | undefined;
      if (want) {
        service = this.revised(before?.service, want.service, (r) => r.service);
        if (service !== before?.service) putServices.push({ kind: 'put-service', source, record: service });
      }
      const instances = new Map<string, InstanceRecord>();
      for (const [instanceId, w] of want?.instances ?? []) {
        const old = before?.instances.get(instanceId);
        const rec = this.revised(old, w, (r) => r.instance);
        instances.set(instanceId, rec);
        if (rec === old) continue;
        putInstances.push({ kind: 'put-instance', source, record: rec });
      }
      for (const [instanceId] of before?.instances ?? []) {
        if (instances.has(instanceId)) continue;
        delInstances.push({ kind: 'delete-instance', source, tenant, serviceId, instanceId });
      }
      if (service) {
        this.published.set(serviceId, { service, instances });
      } else if (before) {
        this.published.delete(serviceId);
        delServices.push({ kind: 'delete-service', source, tenant, serviceId });
      }
    }
    return { changes: [...putServices, ...putInstances, ...delInstances, ...delServices] };
  }

  /** `want` if it is new or changed (its revision raised above `old`'s), else `old` itself. */
  private revised<R extends { rev: number }>(old: R | undefined, want: R, content: (r: R) => unknown): R {
    if (!old) return want;
    if (sameContent(content(old), content(want))) return old;
    return want.rev > old.rev ? want : { ...want, rev: old.rev + 1 };
  }
}
