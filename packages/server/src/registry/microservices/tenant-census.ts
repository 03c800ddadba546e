import { keyScope, parseEtcdKey } from '@service-center/core';
import type { Tenant } from '@service-center/core';
import type { KvStore, Unsubscribe } from '../../store/kv';

const tenantText = (t: Tenant) => `${t.domain}/${t.project}`;

/**
 * Which tenants hold services, kept from the store's own changes (so replicas sharing etcd
 * agree): the tenant cap is checked in O(1), never by scanning every service.
 */
export class TenantCensus {
  private readonly services = new Map<string, number>();
  private readonly unsubscribe: Unsubscribe;

  constructor(store: KvStore) {
    for (const kv of store.range(keyScope.all('service'))) this.add(kv.key, 1);
    this.unsubscribe = store.subscribe((batch) => {
      for (const e of batch.events) {
        if (e.type === 'PUT' && e.kv.version === 1) this.add(e.kv.key, 1);
        else if (e.type === 'DELETE') this.add(e.kv.key, -1);
      }
    });
  }

  /** Tenants holding at least one service. */
  count(): number {
    return this.services.size;
  }

  has(tenant: Tenant): boolean {
    return this.services.has(tenantText(tenant));
  }

  close(): void {
    this.unsubscribe();
  }

  private add(key: string, delta: number): void {
    const parsed = parseEtcdKey(key);
    if (parsed?.kind !== 'service') return;
    const t = tenantText(parsed.tenant);
    const n = (this.services.get(t) ?? 0) + delta;
    if (n > 0) this.services.set(t, n);
    else this.services.delete(t);
  }
}
