import { FailoverAnswer, FailoverItem, FailoverPolicy, failoverAnswer, serviceEntries, serviceKeyText, tenantText } from '@service-center/core';
import type { ChangeAction, InstanceRead, ReadInstance, RegistryReads, Tenant, View, ViewEvent } from '@service-center/core';
import type { Logger } from 'pino';

/** A change of what a plain read of a local provider serves, for its watchers. */
export type FailoverChange = (tenant: Tenant, serviceId: string, action: ChangeAction, instance: ReadInstance) => void;

/** The transitions the tracker counts (enter: a service starts failing over; leave: it stops). */
export type FailoverTransition = 'enter' | 'leave';

type Failing = Readonly<{
  tenant: Tenant;
  serviceId: string;
  answer: FailoverAnswer;
  since: number;
}>;

export type FailoverTrackerDeps = Readonly<{
  /** The local registry's reads (not the failover reads: the tracker composes them itself). */
  local: RegistryReads;
  /** Read at each change: a reload may change it. */
  policy: () => FailoverPolicy;
  log: Logger;
  now: () => number;
  onChange: FailoverChange;
  onTransition?: (t: FailoverTransition) => void;
}>;

/**
 * Which local services fail over now, kept current from the merged view's changes: each
 * change re-judges the services it touches and those failing over already (staleness moves
 * without events). A change of the remote instances served becomes CREATE / UPDATE / DELETE
 * for watchers, and entering or leaving failover a log line and a transition.
 */
export class FailoverTracker {
  private readonly failing = new Map<string, Failing>();

  constructor(private readonly deps: FailoverTrackerDeps) {}

  /** An Aggregator listener. */
  onViewChange(events: readonly ViewEvent[], view: View): void {
    if (this.failing.size === 0 && this.deps.policy().mode === 'off') return;
    const touched = new Map<string, Readonly<{ tenant: Tenant; serviceId: string }>>();
    for (const f of this.failing.values()) touched.set(idOf(f.tenant, f.serviceId), f);
    // One lookup per logical service, however many of its instances changed (a relist).
    const keys = new Map(events.map((e) => [serviceKeyText(e.key), e.key]));
    for (const key of keys.values()) {
      const tenant = { domain: key.domain, project: key.project };
      const serviceId = this.deps.local.serviceIdByKey(key);
      if (serviceId !== undefined) touched.set(idOf(tenant, serviceId), { tenant, serviceId });
    }
    for (const { tenant, serviceId } of touched.values()) this.judge(view, tenant, serviceId);
  }

  /** The policy changed (a reload): judge every local service again. */
  repolicy(view: View): void {
    const touched = new Map<string, Readonly<{ tenant: Tenant; serviceId: string }>>();
    for (const f of this.failing.values()) touched.set(idOf(f.tenant, f.serviceId), f);
    for (const entry of serviceEntries(view)) {
      if (!entry.local) continue;
      const tenant = { domain: entry.key.domain, project: entry.key.project };
      const serviceId = this.deps.local.serviceIdByKey(entry.key);
      if (serviceId !== undefined) touched.set(idOf(tenant, serviceId), { tenant, serviceId });
    }
    for (const { tenant, serviceId } of touched.values()) this.judge(view, tenant, serviceId);
  }

  /** The services failing over now, for `/admin/failover`. */
  items(): FailoverItem[] {
    return [...this.failing.values()]
      .map((f) => ({
        ...f.tenant,
        serviceId: f.serviceId,
        environment: f.answer.key.environment,
        appId: f.answer.key.appId,
        serviceName: f.answer.key.serviceName,
        version: f.answer.key.version,
        since: new Date(f.since).toISOString(),
        clusters: f.answer.clusters,
        instances: f.answer.added.length,
      }))
      .sort((a, b) => (a.serviceId < b.serviceId ? -1 : a.serviceId > b.serviceId ? 1 : 0));
  }

  count(): number {
    return this.failing.size;
  }

  private judge(view: View, tenant: Tenant, serviceId: string): void {
    const id = idOf(tenant, serviceId);
    const before = this.failing.get(id);
    const policy = this.deps.policy();
    const answer = policy.mode === 'off' ? undefined : failoverAnswer(this.deps.local, view, policy, tenant, serviceId);
    const now = answer && answer.added.length > 0 ? answer : undefined;
    if (!before && !now) return;
    this.publishDiff(tenant, serviceId, before?.answer.added ?? [], now?.added ?? []);
    const key = now?.key ?? before?.answer.key;
    const service = key ? `${key.appId}/${key.serviceName}/${key.version}` : serviceId;
    if (now) {
      this.failing.set(id, { tenant, serviceId, answer: now, since: before?.since ?? this.deps.now() });
      if (!before) {
        this.deps.log.warn({ tenant: tenantText(tenant), serviceId, service, clusters: now.clusters, added: now.added.length }, 'failover: serving other clusters\' instances');
        this.deps.onTransition?.('enter');
      }
    } else if (before) {
      this.failing.delete(id);
      this.deps.log.info({ tenant: tenantText(tenant), serviceId, service, durationMs: this.deps.now() - before.since }, 'failover: local instances suffice again');
      this.deps.onTransition?.('leave');
    }
  }

  private publishDiff(tenant: Tenant, serviceId: string, before: readonly InstanceRead[], after: readonly InstanceRead[]): void {
    const old = new Map(before.map((r) => [r.instance.instanceId, r]));
    for (const r of after) {
      const prev = old.get(r.instance.instanceId);
      old.delete(r.instance.instanceId);
      if (!prev) this.deps.onChange(tenant, serviceId, 'CREATE', r.instance);
      else if (prev.rev !== r.rev) this.deps.onChange(tenant, serviceId, 'UPDATE', r.instance);
    }
    for (const r of old.values()) this.deps.onChange(tenant, serviceId, 'DELETE', r.instance);
  }
}

function idOf(tenant: Tenant, serviceId: string): string {
  return `${tenantText(tenant)}/${serviceId}`;
}
