import {
  KeyPrefix,
  MicroService,
  MicroServiceKey,
  ReadInstance,
  Tenant,
  View,
  ViewEvent,
  annotated,
  instanceEntryOf,
  parseEtcdKey,
  serviceEntryOf,
  serviceKeyOf,
  serviceKeyText,
  tenantText,
} from '@service-center/core';
import type { Logger } from 'pino';
import type { KvBatch, KvStore, Unsubscribe } from '../../store/kv';
import { consumerKeysOf } from '../dependencies/rules';
import { getService, serviceIdByKey, valueOf } from '../tables';
import type { WatchFrame } from './watch-queue';

/** Receives the frames of one subscriber; it owns queueing and overflow. */
export type WatchSink = (frame: WatchFrame) => void;

/** Services deleted lately, so a DELETE arriving after its service went can still be keyed. */
const RECENT_SERVICES_MAX = 1000;

/** The watch frame's provider key: Go omits empty strings. */
function providerKeyOf(tenant: Tenant, s: MicroService): MicroServiceKey {
  const key: Record<string, string> = {
    tenant: tenantText(tenant),
    environment: s.environment ?? '',
    appId: s.appId ?? '',
    serviceName: s.serviceName ?? '',
    alias: s.alias ?? '',
    version: s.version ?? '',
  };
  return Object.fromEntries(Object.entries(key).filter(([, v]) => v !== '')) as MicroServiceKey;
}

/**
 * Fans instance changes out to watching consumers: a change of an instance of provider P goes
 * to every consumer with a dependency rule on P's env/app/name (any version). Its one inlet is
 * the merged view's changes, so local registrations (after self-preservation), this cluster's
 * Kubernetes instances and other clusters' instances reach watchers the same way, and a held
 * expiry reaches none. Subscribers are keyed by (tenant, consumer serviceId).
 */
export class WatchHub {
  private readonly subscribers = new Map<string, Set<WatchSink>>();
  private readonly recentlyDeleted = new Map<string, MicroService>();
  private readonly unsubscribeStore: Unsubscribe;

  /** Create before the InstanceView, so service deletions of a batch are seen first. */
  constructor(
    private readonly store: KvStore,
    /** This server's cluster: its own instances are sent as stored, others' annotated. */
    private readonly self: string,
    private readonly log?: Logger,
    /**
     * With failover on, watchers follow what plain finds serve: other clusters' instances
     * reach them only through `onFailoverChange`, not as the merged view changes.
     */
    private readonly remoteByFailover: () => boolean = () => false,
  ) {
    this.unsubscribeStore = store.subscribe((b) => this.rememberDeletedServices(b));
  }

  /** The merged view changed (an Aggregator listener): send its instance changes. */
  onViewChange(events: readonly ViewEvent[], view: View, before: View): void {
    if (this.subscribers.size === 0) return;
    for (const e of events) {
      if (e.kind !== 'instance') continue;
      if (this.remoteByFailover() && e.origin !== this.self) continue;
      const tenant = { domain: e.key.domain, project: e.key.project };
      const keyText = serviceKeyText(e.key);
      const scope = (serviceEntryOf(view, keyText) ?? serviceEntryOf(before, keyText))?.global;
      const own = e.origin === this.self;
      // Our own provider as registered here (the merged winner may be another cluster's definition).
      const provider = (own ? this.providerOf(tenant, e.serviceId) : undefined) ?? scope?.definition.record.service;
      if (!provider) continue;
      const found = own ? undefined : instanceEntryOf(scope, e.instanceId);
      const current = found?.serviceId === e.serviceId ? found : undefined;
      const instance = current ? annotated(current) : { ...e.instance, serviceId: e.serviceId, instanceId: e.instanceId };
      this.publishProvider(tenant, provider, e.action, instance);
    }
  }

  /** Failover added, changed or withdrew another cluster's instance of a local provider (FailoverTracker). */
  onFailoverChange(tenant: Tenant, serviceId: string, action: string, instance: ReadInstance): void {
    const provider = this.providerOf(tenant, serviceId);
    if (provider) this.publishProvider(tenant, provider, action, instance);
  }

  subscribe(tenant: Tenant, consumerId: string, sink: WatchSink): Unsubscribe {
    const id = `${tenantText(tenant)}/${consumerId}`;
    const set = this.subscribers.get(id) ?? new Set<WatchSink>();
    set.add(sink);
    this.subscribers.set(id, set);
    return () => {
      set.delete(sink);
      if (set.size === 0 && this.subscribers.get(id) === set) this.subscribers.delete(id);
    };
  }

  /** Live subscribers per domain. */
  subscribersByDomain(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [id, sinks] of this.subscribers) {
      const domain = id.slice(0, id.indexOf('/')); // a domain never holds '/'
      out.set(domain, (out.get(domain) ?? 0) + sinks.size);
    }
    return out;
  }

  subscriberCount(): number {
    let n = 0;
    for (const s of this.subscribers.values()) n += s.size;
    return n;
  }

  close(): void {
    this.unsubscribeStore();
    this.subscribers.clear();
  }

  /** Send one instance change of a provider to the consumers that depend on it. */
  private publishProvider(tenant: Tenant, provider: MicroService, action: string, instance: Readonly<{ instanceId?: string }>): void {
    if (this.subscribers.size === 0) return;
    const consumers = consumerKeysOf(this.store, tenant, {
      environment: provider.environment ?? '',
      appId: provider.appId ?? '',
      serviceName: provider.serviceName ?? '',
    });
    let frame: WatchFrame | undefined;
    for (const k of consumers) {
      const consumerId = serviceIdByKey(this.store, serviceKeyOf(tenant, k));
      const sinks = consumerId ? this.subscribers.get(`${tenantText(tenant)}/${consumerId}`) : undefined;
      if (!sinks) continue;
      if (!frame) {
        const key = JSON.stringify(providerKeyOf(tenant, provider));
        frame = { text: `{"action":${JSON.stringify(action)},"key":${key},"instance":${JSON.stringify(instance)}}`, providerKey: key, instanceId: instance.instanceId ?? '' };
      }
      for (const sink of [...sinks]) {
        try {
          sink(frame);
        } catch (err) {
          this.log?.warn({ err }, 'a watch subscriber failed');
        }
      }
    }
  }

  private providerOf(tenant: Tenant, serviceId: string): MicroService | undefined {
    return getService(this.store, tenant, serviceId)?.service ?? this.recentlyDeleted.get(`${tenantText(tenant)}/${serviceId}`);
  }

  private rememberDeletedServices(batch: KvBatch): void {
    for (const ev of batch.events) {
      if (ev.type !== 'DELETE' || !ev.kv.key.startsWith(KeyPrefix.service)) continue;
      const p = parseEtcdKey(ev.kv.key);
      if (p?.kind !== 'service') continue;
      this.recentlyDeleted.set(`${tenantText(p.tenant)}/${p.serviceId}`, valueOf('service', ev.kv));
      if (this.recentlyDeleted.size > RECENT_SERVICES_MAX) {
        const oldest = this.recentlyDeleted.keys().next().value;
        if (oldest !== undefined) this.recentlyDeleted.delete(oldest);
      }
    }
  }
}
