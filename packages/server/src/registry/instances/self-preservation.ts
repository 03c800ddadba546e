import { KeyPrefix, Tenant, etcdKey, keyScope, leaseTtlSeconds, parseEtcdKey } from '@service-center/core';
import type { Logger } from 'pino';
import type { Kv, KvBatch, KvEvent, KvStore, Unsubscribe } from '../../store/kv';
import { StoredInstance, valueOf } from '../tables';

/** An instance change as readers and watchers see it (after self-preservation). */
export type InstanceChange = Readonly<{
  action: 'CREATE' | 'UPDATE' | 'DELETE';
  /** For DELETE, the last value the instance had. */
  kv: Kv;
  tenant: Tenant;
  serviceId: string;
  instanceId: string;
}>;

export type SelfPreservationOptions = Readonly<{
  now?: () => number;
  /** How long expirations are held before deciding (SC: 2 s). */
  windowMs?: number;
  /** Share of cached instances expiring together that turns preservation on (SC: 0.8). */
  ratio?: number;
  /** Preservation needs more than this many cached instances (SC: 5). */
  minCached?: number;
  /** Longest hold of one instance (SC: 600 s). */
  maxHoldSeconds?: number;
  /** Timer period for `tick` in ms; 0 = no timer (tests call tick). */
  tickMs?: number;
  log?: Logger;
}>;

type Held = { kv: Kv; tenant: Tenant; serviceId: string; instanceId: string; releaseAt: number };

/**
 * The instances readers see: the store's, plus expired ones held back (SC's
 * InstanceEventDeferHandler, datasource/etcd/sd/instance_event_handler.go). An expiry is held for a short window; if at least `ratio` of the
 * cached instances expired in it (a mass expiry: more likely our problem than theirs), they stay
 * discoverable and no DELETE is published until each one's own TTL elapses again. Otherwise the
 * window ends with their DELETEs. A new PUT of a held key releases it. Explicit deletes pass.
 */
export class InstanceView {
  private readonly held = new Map<string, Held>();
  private readonly listeners = new Set<(c: InstanceChange) => void>();
  private readonly batchListeners = new Set<(b: KvBatch) => void>();
  private readonly unsubscribe: Unsubscribe;
  private readonly timer?: NodeJS.Timeout;
  private readonly now: () => number;
  private readonly windowMs: number;
  private readonly ratio: number;
  private readonly minCached: number;
  private readonly maxHoldMs: number;
  private windowEnd: number | undefined;
  private preserving = false;

  constructor(
    private readonly store: KvStore,
    private readonly options: SelfPreservationOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.windowMs = options.windowMs ?? 2000;
    this.ratio = options.ratio ?? 0.8;
    this.minCached = options.minCached ?? 5;
    this.maxHoldMs = (options.maxHoldSeconds ?? 600) * 1000;
    this.unsubscribe = store.subscribe((b) => this.onBatch(b));
    const tickMs = options.tickMs ?? 250;
    if (tickMs > 0) {
      this.timer = setInterval(() => this.tick(), tickMs);
      this.timer.unref();
    }
  }

  onChange(listener: (c: InstanceChange) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The store's batches as readers see them: a held expiry is left out, and its release later
   * comes as a batch of its own DELETEs. The local registry's merge source and change stream
   * read these, so the merged view and the peers agree with local reads at every moment.
   */
  subscribe(listener: (b: KvBatch) => void): Unsubscribe {
    this.batchListeners.add(listener);
    return () => this.batchListeners.delete(listener);
  }

  isPreserving(): boolean {
    return this.preserving;
  }

  heldCount(): number {
    return this.held.size;
  }

  /** Instance KVs of a service: stored ones and held ones, in key order. */
  instanceKvs(tenant: Tenant, serviceId: string): Kv[] {
    const prefix = keyScope.service('instance', tenant, serviceId);
    return this.withHeld(this.store.range(prefix), prefix);
  }

  instanceKv(tenant: Tenant, serviceId: string, instanceId: string): Kv | undefined {
    const key = etcdKey.instance(tenant, serviceId, instanceId);
    return this.store.get(key) ?? this.held.get(key)?.kv;
  }

  /** Instances of a service: stored ones and held ones, in key order. */
  instances(tenant: Tenant, serviceId: string): StoredInstance[] {
    return this.instanceKvs(tenant, serviceId).map((kv) => ({ tenant, instance: valueOf('instance', kv), kv }));
  }

  /** Every instance KV (all tenants), held ones included: the dump's view. */
  allInstanceKvs(): Kv[] {
    return this.withHeld(this.store.range(KeyPrefix.instance), KeyPrefix.instance);
  }

  /** Close the decision window when due, and release holds whose time has come. */
  tick(): void {
    const now = this.now();
    const released: KvEvent[] = [];
    if (this.windowEnd !== undefined && now >= this.windowEnd) {
      this.windowEnd = undefined;
      if (!this.preserving) for (const key of [...this.held.keys()]) this.release(key, released);
    }
    if (this.preserving) {
      for (const [key, h] of [...this.held]) if (h.releaseAt <= now) this.release(key, released);
      if (this.held.size === 0) {
        this.preserving = false;
        this.options.log?.warn('self-preservation stopped');
      }
    }
    if (released.length > 0) this.emitBatch({ revision: this.store.revision(), events: released });
  }

  close(): void {
    this.unsubscribe();
    if (this.timer) clearInterval(this.timer);
    this.listeners.clear();
    this.batchListeners.clear();
  }

  private withHeld(kvs: readonly Kv[], prefix: string): Kv[] {
    const extra = [...this.held.values()].filter((h) => h.kv.key.startsWith(prefix) && !this.store.get(h.kv.key));
    if (extra.length === 0) return [...kvs];
    return [...kvs, ...extra.map((h) => h.kv)].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private onBatch(batch: KvBatch): void {
    let expired = 0;
    const seen: KvEvent[] = [];
    for (const ev of batch.events) {
      const p = parseEtcdKey(ev.kv.key);
      if (p?.kind !== 'instance') {
        seen.push(ev);
        continue;
      }
      const ids = { tenant: p.tenant, serviceId: p.serviceId, instanceId: p.instanceId };
      if (ev.type === 'PUT') {
        this.held.delete(ev.kv.key);
        seen.push(ev);
        this.emit({ action: ev.prev ? 'UPDATE' : 'CREATE', kv: ev.kv, ...ids });
      } else if (ev.cause === 'lease-expired') {
        if (this.held.has(ev.kv.key)) continue;
        this.held.set(ev.kv.key, { kv: ev.kv, ...ids, releaseAt: this.now() + this.holdMsOf(ev.kv) });
        expired++;
      } else {
        this.held.delete(ev.kv.key);
        seen.push(ev);
        this.emit({ action: 'DELETE', kv: ev.kv, ...ids });
      }
    }
    if (seen.length > 0) this.emitBatch(seen.length === batch.events.length ? batch : { revision: batch.revision, events: seen });
    if (expired > 0) this.decide();
  }

  private decide(): void {
    this.windowEnd ??= this.now() + this.windowMs;
    if (this.preserving) return;
    const total = this.store.count(KeyPrefix.instance) + this.held.size;
    if (total > this.minCached && this.held.size >= total * this.ratio) {
      this.preserving = true;
      this.options.log?.warn({ held: this.held.size, total }, 'self-preservation enabled: a mass lease expiry is held back');
    }
  }

  private holdMsOf(kv: Kv): number {
    const hc = valueOf('instance', kv).healthCheck;
    const ttlMs = hc ? leaseTtlSeconds(hc) * 1000 : this.maxHoldMs;
    return ttlMs > 0 && ttlMs <= this.maxHoldMs ? ttlMs : this.maxHoldMs;
  }

  private release(key: string, into: KvEvent[]): void {
    const h = this.held.get(key);
    if (!h) return;
    this.held.delete(key);
    into.push({ type: 'DELETE', kv: h.kv, revision: this.store.revision(), cause: 'lease-expired' });
    this.emit({ action: 'DELETE', kv: h.kv, tenant: h.tenant, serviceId: h.serviceId, instanceId: h.instanceId });
  }

  private emitBatch(b: KvBatch): void {
    for (const l of this.batchListeners) {
      try {
        l(b);
      } catch (err) {
        this.options.log?.error({ err }, 'reader batch listener failed');
      }
    }
  }

  private emit(c: InstanceChange): void {
    for (const l of this.listeners) {
      try {
        l(c);
      } catch (err) {
        this.options.log?.error({ err }, 'instance change listener failed');
      }
    }
  }
}
