import type { Kv } from '../kv';
import { KeyTree } from './key-tree';

/** Keys to their KVs, with the directory tree that serves prefix ranges and counts. */
export class KvTable {
  private readonly kvs = new Map<string, Kv>();
  private readonly tree = new KeyTree();

  get(key: string): Kv | undefined {
    return this.kvs.get(key);
  }

  /** KVs under a prefix, in key order. */
  range(prefix: string): Kv[] {
    const out: Kv[] = [];
    for (const k of this.tree.keysUnder(prefix)) {
      const kv = this.kvs.get(k);
      if (kv) out.push(kv);
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  count(prefix: string): number {
    return this.tree.count(prefix);
  }

  keysUnder(prefix: string): Iterable<string> {
    return this.tree.keysUnder(prefix);
  }

  values(): IterableIterator<Kv> {
    return this.kvs.values();
  }

  /** Store a KV; returns the one it replaced. */
  put(kv: Kv): Kv | undefined {
    const prev = this.kvs.get(kv.key);
    this.kvs.set(kv.key, kv);
    if (!prev) this.tree.add(kv.key);
    return prev;
  }

  /** Remove a key; returns what it held. */
  delete(key: string): Kv | undefined {
    const prev = this.kvs.get(key);
    if (!prev) return undefined;
    this.kvs.delete(key);
    this.tree.remove(key);
    return prev;
  }
}
