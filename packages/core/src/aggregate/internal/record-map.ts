import { PMap, pedit, pentries, pget, pkeys, pmapOf, pvalues } from './pmap';

/**
 * A slot's instances as a persistent map: `with`/`without` return a new map sharing all but
 * one shard with the old one, so registering into a service of n instances does not copy n
 * entries. Reads look like any ReadonlyMap.
 */
export class RecordMap<V> implements ReadonlyMap<string, V> {
  private constructor(private readonly m: PMap<V>) {}

  static of<V>(entries: Iterable<readonly [string, V]>): RecordMap<V> {
    return new RecordMap(pmapOf(entries));
  }

  /** A plain map is converted once; a RecordMap is taken as it is. */
  static from<V>(map: ReadonlyMap<string, V>): RecordMap<V> {
    return map instanceof RecordMap ? (map as RecordMap<V>) : RecordMap.of(map);
  }

  with(key: string, value: V): RecordMap<V> {
    const e = pedit(this.m);
    e.set(key, value);
    return new RecordMap(e.finish());
  }

  without(key: string): RecordMap<V> {
    if (pget(this.m, key) === undefined) return this;
    const e = pedit(this.m);
    e.delete(key);
    return new RecordMap(e.finish());
  }

  get size(): number {
    return this.m.size;
  }

  get(key: string): V | undefined {
    return pget(this.m, key);
  }

  has(key: string): boolean {
    return pget(this.m, key) !== undefined;
  }

  keys(): MapIterator<string> {
    return pkeys(this.m) as MapIterator<string>;
  }

  values(): MapIterator<V> {
    return pvalues(this.m) as MapIterator<V>;
  }

  entries(): MapIterator<[string, V]> {
    return pentries(this.m) as MapIterator<[string, V]>;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(fn: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [k, v] of pentries(this.m)) fn(v, k, this);
  }
}
