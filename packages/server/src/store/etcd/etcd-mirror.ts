import type { Kv } from '../kv';
import { KeyTree } from '../memory/key-tree';

/**
 * The in-memory copy of the store's key space in etcd: every read is served from here. It is
 * loaded by a range and then changed only by `apply`, in etcd's revision order.
 */
export class Mirror {
  private readonly kvs = new Map<string, Kv>();
  private readonly tree = new KeyTree();
  private readonly byLease = new Map<number, Set<string>>();
  /** Store revision of the last applied change (or of the load). */
  private rev = 0;

  revision(): number {
    return this.rev;
  }

  get(key: string): Kv | undefined {
    return this.kvs.get(key);
  }

  range(prefix: string): readonly Kv[] {
    const out: Kv[] = [];
    for (const k of this.tree.keysUnder(prefix)) {
      const kv = this.kvs.get(k);
      if (kv) out.push(kv);
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  count(prefix: string): number {
    let n = 0;
    for (const _ of this.tree.keysUnder(prefix)) n++;
    return n;
  }

  all(): IterableIterator<Kv> {
    return this.kvs.values();
  }

  /** Keys attached to a lease. */
  keysOf(lease: number): ReadonlySet<string> {
    return this.byLease.get(lease) ?? EMPTY;
  }

  hasLease(lease: number): boolean {
    return (this.byLease.get(lease)?.size ?? 0) > 0;
  }

  put(kv: Kv): Kv | undefined {
    const prev = this.kvs.get(kv.key);
    if (prev?.lease) this.detach(prev.lease, kv.key);
    this.kvs.set(kv.key, kv);
    if (!prev) this.tree.add(kv.key);
    if (kv.lease) {
      let keys = this.byLease.get(kv.lease);
      if (!keys) this.byLease.set(kv.lease, (keys = new Set()));
      keys.add(kv.key);
    }
    return prev;
  }

  delete(key: string): Kv | undefined {
    const prev = this.kvs.get(key);
    if (!prev) return undefined;
    this.kvs.delete(key);
    this.tree.remove(key);
    if (prev.lease) this.detach(prev.lease, key);
    return prev;
  }

  setRevision(rev: number): void {
    this.rev = Math.max(this.rev, rev);
  }

  private detach(lease: number, key: string): void {
    const keys = this.byLease.get(lease);
    if (!keys) return;
    keys.delete(key);
    if (keys.size === 0) this.byLease.delete(lease);
  }
}

const EMPTY: ReadonlySet<string> = new Set();
