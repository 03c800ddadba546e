/**
 * A persistent string-keyed map for the view: a power-of-two array of shards, each a Map
 * that is never mutated once published. A change copies the shard array and one shard, so
 * `applyChange` costs O(shard size) instead of O(map size), and two versions share every
 * shard that did not change (which lets `diff` skip them by reference).
 */
export type PMap<V> = Readonly<{ size: number; shards: readonly (ReadonlyMap<string, V> | undefined)[] }>;

const MIN_SHARDS = 16;
/** Average entries per shard before the editor reshards on finish. */
const MAX_LOAD = 32;

const EMPTY: PMap<never> = Object.freeze({ size: 0, shards: Object.freeze(new Array<undefined>(MIN_SHARDS).fill(undefined)) });

export function pmapEmpty<V>(): PMap<V> {
  return EMPTY;
}

/** FNV-1a: cheap, and good enough to spread etcd-like keys over shards. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function shardOf(key: string, count: number): number {
  return hashOf(key) & (count - 1);
}

export function pget<V>(m: PMap<V>, key: string): V | undefined {
  return m.shards[shardOf(key, m.shards.length)]?.get(key);
}

export function* pentries<V>(m: PMap<V>): IterableIterator<[string, V]> {
  for (const shard of m.shards) if (shard) yield* shard;
}

export function* pvalues<V>(m: PMap<V>): IterableIterator<V> {
  for (const shard of m.shards) if (shard) yield* shard.values();
}

export function* pkeys<V>(m: PMap<V>): IterableIterator<string> {
  for (const shard of m.shards) if (shard) yield* shard.keys();
}

/**
 * Keys whose value differs (by reference) between two versions; shards shared by both are
 * skipped without looking inside.
 */
export function* pchangedKeys<V>(a: PMap<V>, b: PMap<V>): IterableIterator<string> {
  if (a === b) return;
  if (a.shards.length !== b.shards.length) {
    for (const k of pkeys(a)) if (pget(b, k) !== pget(a, k)) yield k;
    for (const k of pkeys(b)) if (pget(a, k) === undefined) yield k;
    return;
  }
  for (let i = 0; i < a.shards.length; i++) {
    const sa = a.shards[i];
    const sb = b.shards[i];
    if (sa === sb) continue;
    if (sa) for (const [k, v] of sa) if (sb?.get(k) !== v) yield k;
    if (sb) for (const k of sb.keys()) if (!sa?.has(k)) yield k;
  }
}

/** A batch of edits on one version: each shard is copied on its first write only. */
export type PMapEditor<V> = {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  delete(key: string): void;
  finish(): PMap<V>;
};

export function pedit<V>(base: PMap<V>): PMapEditor<V> {
  const shards = base.shards.slice();
  const copied = new Set<number>();
  let size = base.size;
  const writable = (i: number): Map<string, V> => {
    if (!copied.has(i)) {
      shards[i] = new Map(shards[i] ?? []);
      copied.add(i);
    }
    return shards[i] as Map<string, V>;
  };
  return {
    get: (key) => shards[shardOf(key, shards.length)]?.get(key),
    set(key, value) {
      const s = writable(shardOf(key, shards.length));
      if (!s.has(key)) size++;
      s.set(key, value);
    },
    delete(key) {
      const i = shardOf(key, shards.length);
      if (!shards[i]?.has(key)) return;
      writable(i).delete(key);
      size--;
    },
    finish() {
      if (copied.size === 0) return base;
      for (const i of copied) if (shards[i]!.size === 0) shards[i] = undefined;
      if (size > shards.length * MAX_LOAD) return reshard(shards, size);
      return Object.freeze({ size, shards: Object.freeze(shards) });
    },
  };
}

function reshard<V>(old: readonly (ReadonlyMap<string, V> | undefined)[], size: number): PMap<V> {
  let count = MIN_SHARDS;
  while (count * (MAX_LOAD / 4) < size) count *= 2;
  const shards = new Array<Map<string, V> | undefined>(count).fill(undefined);
  for (const s of old) {
    if (!s) continue;
    for (const [k, v] of s) {
      const i = shardOf(k, count);
      (shards[i] ??= new Map()).set(k, v);
    }
  }
  return Object.freeze({ size, shards: Object.freeze(shards) });
}

/** Build from a plain Map in one pass (full merges, source construction). */
export function pmapOf<V>(entries: Iterable<readonly [string, V]>): PMap<V> {
  const e = pedit(pmapEmpty<V>());
  for (const [k, v] of entries) e.set(k, v);
  return e.finish();
}
