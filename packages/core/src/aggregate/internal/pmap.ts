/**
 * A persistent string-keyed map for the view: keys hash into shards (plain Maps never
 * mutated once published), and the shards sit in groups of 64 under a small top array.
 * A change copies the top array, one group and one shard, so `applyChange` costs O(shard
 * size) and allocates about a kilobyte whatever the map's size; two versions share every
 * group and shard that did not change, which lets `diff` skip them by reference.
 */
type Shard<V> = ReadonlyMap<string, V> | undefined;
type Group<V> = readonly Shard<V>[] | undefined;

// The arrays are readonly by type only: V8 copies a frozen array ~100x slower.
export type PMap<V> = Readonly<{ size: number; bits: number; groups: readonly Group<V>[] }>;

const GROUP_BITS = 6;
const GROUP = 1 << GROUP_BITS;
const MIN_BITS = GROUP_BITS;
/** Average entries per shard before the editor reshards on finish; it aims at a quarter of it. */
const MAX_LOAD = 32;

const EMPTY: PMap<never> = Object.freeze({ size: 0, bits: MIN_BITS, groups: [undefined] });

export function pmapEmpty<V>(): PMap<V> {
  return EMPTY;
}

function bitsFor(size: number): number {
  let bits = MIN_BITS;
  while ((1 << bits) * (MAX_LOAD / 4) < size) bits++;
  return bits;
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

function shardAt<V>(groups: readonly Group<V>[], i: number): Shard<V> {
  return groups[i >>> GROUP_BITS]?.[i & (GROUP - 1)];
}

function shardOf<V>(m: PMap<V>, key: string): Shard<V> {
  return shardAt(m.groups, hashOf(key) & ((1 << m.bits) - 1));
}

export function pget<V>(m: PMap<V>, key: string): V | undefined {
  return shardOf(m, key)?.get(key);
}

function* shards<V>(m: PMap<V>): IterableIterator<ReadonlyMap<string, V>> {
  for (const g of m.groups) if (g) for (const s of g) if (s) yield s;
}

export function* pentries<V>(m: PMap<V>): IterableIterator<[string, V]> {
  for (const s of shards(m)) yield* s;
}

export function* pvalues<V>(m: PMap<V>): IterableIterator<V> {
  for (const s of shards(m)) yield* s.values();
}

export function* pkeys<V>(m: PMap<V>): IterableIterator<string> {
  for (const s of shards(m)) yield* s.keys();
}

function* changedIn<V>(sa: Shard<V>, sb: Shard<V>): IterableIterator<string> {
  if (sa === sb) return;
  if (sa) for (const [k, v] of sa) if (sb?.get(k) !== v) yield k;
  if (sb) for (const k of sb.keys()) if (!sa?.has(k)) yield k;
}

/**
 * Keys whose value differs (by reference) between two versions; groups and shards shared
 * by both are skipped without looking inside.
 */
export function* pchangedKeys<V>(a: PMap<V>, b: PMap<V>): IterableIterator<string> {
  if (a === b) return;
  if (a.bits !== b.bits) {
    for (const k of pkeys(a)) if (pget(b, k) !== pget(a, k)) yield k;
    for (const k of pkeys(b)) if (pget(a, k) === undefined) yield k;
    return;
  }
  for (let g = 0; g < a.groups.length; g++) {
    const ga = a.groups[g];
    const gb = b.groups[g];
    if (ga === gb) continue;
    for (let s = 0; s < GROUP; s++) yield* changedIn(ga?.[s], gb?.[s]);
  }
}

/** A batch of edits on one version: arrays and shards are copied on their first write only. */
export type PMapEditor<V> = {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  delete(key: string): void;
  finish(): PMap<V>;
};

export function pedit<V>(base: PMap<V>): PMapEditor<V> {
  return base.size === 0 ? bulkEditor(base) : sharedEditor(base);
}

/** Building from nothing (a full merge): a plain Map, hashed into shards once at the end. */
function bulkEditor<V>(base: PMap<V>): PMapEditor<V> {
  const m = new Map<string, V>();
  return {
    get: (key) => m.get(key),
    set: (key, value) => void m.set(key, value),
    delete: (key) => void m.delete(key),
    finish: () => (m.size === 0 ? base : distribute(m, Math.max(base.bits, bitsFor(m.size)))),
  };
}

function sharedEditor<V>(base: PMap<V>): PMapEditor<V> {
  // Nothing is allocated until the first write: most editors of a view never write.
  let groups: Group<V>[] | undefined;
  let copiedGroups: Set<number> | undefined;
  let copiedShards: Map<number, Map<string, V>> | undefined;
  let size = base.size;
  const mask = (1 << base.bits) - 1;
  const shard = (i: number) => shardAt(groups ?? base.groups, i);
  const writable = (i: number): Map<string, V> => {
    let s = copiedShards?.get(i);
    if (s) return s;
    groups ??= base.groups.slice();
    copiedGroups ??= new Set();
    copiedShards ??= new Map();
    const g = i >>> GROUP_BITS;
    if (!copiedGroups.has(g)) {
      groups[g] = groups[g] ? groups[g]!.slice() : new Array<Shard<V>>(GROUP).fill(undefined);
      copiedGroups.add(g);
    }
    const group = groups[g] as Shard<V>[];
    s = new Map(group[i & (GROUP - 1)] ?? []);
    group[i & (GROUP - 1)] = s;
    copiedShards.set(i, s);
    return s;
  };
  return {
    get: (key) => shard(hashOf(key) & mask)?.get(key),
    set(key, value) {
      const s = writable(hashOf(key) & mask);
      if (!s.has(key)) size++;
      s.set(key, value);
    },
    delete(key) {
      const i = hashOf(key) & mask;
      if (!shard(i)?.has(key)) return;
      writable(i).delete(key);
      size--;
    },
    finish() {
      if (!groups || !copiedShards) return base;
      for (const [i, s] of copiedShards) if (s.size === 0) (groups[i >>> GROUP_BITS] as Shard<V>[])[i & (GROUP - 1)] = undefined;
      const out: PMap<V> = Object.freeze({ size, bits: base.bits, groups });
      return size > (1 << base.bits) * MAX_LOAD ? distribute(pentries(out), bitsFor(size)) : out;
    },
  };
}

function distribute<V>(entries: Iterable<readonly [string, V]>, bits: number): PMap<V> {
  const count = 1 << bits;
  const groups = new Array<Shard<V>[] | undefined>(count >>> GROUP_BITS).fill(undefined);
  let size = 0;
  for (const [k, v] of entries) {
    const i = hashOf(k) & (count - 1);
    const g = (groups[i >>> GROUP_BITS] ??= new Array<Shard<V>>(GROUP).fill(undefined));
    const s = (g[i & (GROUP - 1)] ??= new Map<string, V>()) as Map<string, V>;
    if (!s.has(k)) size++;
    s.set(k, v);
  }
  return Object.freeze({ size, bits, groups });
}

/** Build from entries in one pass (full merges, source construction). */
export function pmapOf<V>(entries: Iterable<readonly [string, V]>): PMap<V> {
  const e = pedit(pmapEmpty<V>());
  for (const [k, v] of entries) e.set(k, v);
  return e.finish();
}
