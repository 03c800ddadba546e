import { KeyPrefix, MicroService, MicroServiceKey, Tenant, parseEtcdKey, serviceKeyOf, tenantText } from '@service-center/core';
import type { Logger } from 'pino';
import type { KvBatch, KvStore, Unsubscribe } from '../store/kv';
import { consumerKeysOf } from '../registry/dependency-rules';
import { getService, serviceIdByKey } from '../registry/reads';
import type { InstanceChange, InstanceView } from './self-preservation';

/** Receives the text frames of one subscriber; it owns queueing and overflow. */
export type WatchSink = (frame: string) => void;

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
 * Fans instance changes out to watching consumers (spec §8.1): a change of an instance of
 * provider P goes to every consumer with a dependency rule on P's env/app/name (any version).
 * Subscribers are keyed by (tenant, consumer serviceId).
 */
export class WatchHub {
  private readonly subscribers = new Map<string, Set<WatchSink>>();
  private readonly recentlyDeleted = new Map<string, MicroService>();
  private readonly unsubscribeStore: Unsubscribe;
  private unsubscribeView?: Unsubscribe;

  /** Create before the InstanceView, so service deletions of a batch are seen first. */
  constructor(
    private readonly store: KvStore,
    private readonly log?: Logger,
  ) {
    this.unsubscribeStore = store.subscribe((b) => this.rememberDeletedServices(b));
  }

  listen(view: InstanceView): void {
    this.unsubscribeView = view.onChange((c) => this.publish(c));
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

  subscriberCount(): number {
    let n = 0;
    for (const s of this.subscribers.values()) n += s.size;
    return n;
  }

  close(): void {
    this.unsubscribeStore();
    this.unsubscribeView?.();
    this.subscribers.clear();
  }

  private publish(c: InstanceChange): void {
    if (this.subscribers.size === 0) return;
    const provider = this.providerOf(c.tenant, c.serviceId);
    if (provider) this.publishProvider(c.tenant, provider, c.action, c.kv.value);
  }

  /**
   * Send one instance change of a provider to the consumers that depend on it. Also used
   * for changes that arrive from other clusters through the merged view.
   */
  publishProvider(tenant: Tenant, provider: MicroService, action: string, instance: unknown): void {
    if (this.subscribers.size === 0) return;
    const consumers = consumerKeysOf(this.store, tenant, {
      environment: provider.environment ?? '',
      appId: provider.appId ?? '',
      serviceName: provider.serviceName ?? '',
    });
    let frame: string | undefined;
    for (const k of consumers) {
      const consumerId = serviceIdByKey(this.store, serviceKeyOf(tenant, k));
      const sinks = consumerId ? this.subscribers.get(`${tenantText(tenant)}/${consumerId}`) : undefined;
      if (!sinks) continue;
      frame ??= JSON.stringify({ action, key: providerKeyOf(tenant, provider), instance });
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
      this.recentlyDeleted.set(`${tenantText(p.tenant)}/${p.serviceId}`, ev.kv.value as MicroService);
      if (this.recentlyDeleted.size > RECENT_SERVICES_MAX) {
        const oldest = this.recentlyDeleted.keys().next().value;
        if (oldest !== undefined) this.recentlyDeleted.delete(oldest);
      }
    }
  }
}
