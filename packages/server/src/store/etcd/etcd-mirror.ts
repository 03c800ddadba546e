import type { Kv } from '../kv';
import { KvTable } from '../memory/kv-table';

/**
 * The in-memory copy of the store's key space in etcd: every read is served from here. It is
 * loaded by a range and then changed only by `apply`, in etcd's revision order.
 */
export class Mirror {
  private readonly table = new KvTable();
  private readonly leases = new LeaseIndex();
  /** Store revision of the last applied change (or of the load). */
  private rev = 0;

  revision(): number {
    return this.rev;
  }

  get(key: string): Kv | undefined {
    return this.table.get(key);
  }

  range(prefix: string): readonly Kv[] {
    return this.table.range(prefix);
  }

  count(prefix: string): number {
    return this.table.count(prefix);
  }

  all(): IterableIterator<Kv> {
    return this.table.values();
  }

  hasLease(lease: number): boolean {
    return this.leases.size(lease) > 0;
  }

  put(kv: Kv): Kv | undefined {
    const prev = this.table.put(kv);
    this.leases.set(kv.key, kv.lease);
    return prev;
  }

  delete(key: string): Kv | undefined {
    const prev = this.table.delete(key);
    if (prev) this.leases.delete(key);
    return prev;
  }

  setRevision(rev: number): void {
    this.rev = Math.max(this.rev, rev);
  }
}

/** Which keys are attached to which lease (keys without a lease are not tracked: lease 0). */
export class LeaseIndex {
  private readonly byKey = new Map<string, number>();
  private readonly byLease = new Map<number, Set<string>>();

  leaseOf(key: string): number {
    return this.byKey.get(key) ?? 0;
  }

  /** How many keys a lease holds. */
  size(lease: number): number {
    return this.byLease.get(lease)?.size ?? 0;
  }

  set(key: string, lease: number): void {
    this.delete(key);
    if (!lease) return;
    this.byKey.set(key, lease);
    let keys = this.byLease.get(lease);
    if (!keys) this.byLease.set(lease, (keys = new Set()));
    keys.add(key);
  }

  delete(key: string): void {
    const lease = this.byKey.get(key);
    if (lease === undefined) return;
    this.byKey.delete(key);
    const keys = this.byLease.get(lease);
    keys?.delete(key);
    if (keys?.size === 0) this.byLease.delete(lease);
  }

  clear(): void {
    this.byKey.clear();
    this.byLease.clear();
  }
}
