import type { ICompare, IKeyValue, IRequestOp } from 'etcd3';
import type { Kv, KvOp, KvValue } from '../kv';
import { deepFreeze } from '../memory/values';

/**
 * Revisions: etcd counts an empty cluster as revision 1 (its first write is 2); the store
 * counts it as 0 (first write 1), like the embedded store. Every revision crossing the boundary
 * is shifted by one, so all replicas on one etcd report the same numbers.
 */
export const toStoreRevision = (etcdRevision: string | number): number => Number(etcdRevision) - 1;
export const toEtcdRevision = (storeRevision: number): number => storeRevision + 1;

/** The end of etcd's range for a prefix: the prefix with its last byte incremented. */
export function prefixEnd(prefix: string | Buffer): Buffer {
  const bytes = Buffer.from(prefix);
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i] < 0xff) {
      const end = Buffer.from(bytes.subarray(0, i + 1));
      end[i]++;
      return end;
    }
  }
  return Buffer.from([0]); // "every key from here on"
}

/**
 * Lease ids are int64 in etcd; the store's are JS numbers. This store grants ids below 2^53
 * itself, so they survive; an id from elsewhere that does not fit is kept approximately
 * (and cannot be renewed from here).
 */
export function leaseOf(text: string | number | undefined): number {
  const n = Number(text ?? 0);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** Values are JSON text in etcd; text that is not JSON (written by something else) stays a string. */
export function decodeValue(bytes: Buffer): KvValue {
  const text = bytes.toString('utf8');
  try {
    return deepFreeze(JSON.parse(text) as KvValue);
  } catch {
    return text;
  }
}

export function encodeValue(value: KvValue): Buffer {
  return Buffer.from(JSON.stringify(value) ?? 'null', 'utf8');
}

/** An etcd key-value as a frozen store Kv (revisions shifted, value parsed). */
export function decodeKv(kv: IKeyValue): Kv {
  return Object.freeze({
    key: kv.key.toString('utf8'),
    value: decodeValue(kv.value),
    createRevision: toStoreRevision(kv.create_revision),
    modRevision: toStoreRevision(kv.mod_revision),
    version: Number(kv.version),
    lease: leaseOf(kv.lease),
  });
}

/** Keys and key ranges a store may touch: everything under its prefix. */
export class KeySpace {
  readonly start: Buffer;
  readonly end: Buffer;

  constructor(readonly prefix: string) {
    this.start = Buffer.from(prefix);
    this.end = prefixEnd(prefix);
  }

  contains(key: string): boolean {
    return key.startsWith(this.prefix);
  }

  assert(key: string): void {
    if (!this.contains(key)) throw new Error(`key '${key}' is outside this store's prefix '${this.prefix}'`);
  }

  /** The part of a prefix range inside the key space (undefined = none of it). */
  clampPrefix(prefix: string): string | undefined {
    if (prefix.startsWith(this.prefix)) return prefix;
    if (this.prefix.startsWith(prefix)) return this.prefix;
    return undefined;
  }
}

/**
 * One branch of a store transaction as etcd ops. etcd refuses a transaction that writes a key
 * twice, so repeated puts/deletes of one key keep only the last (what the embedded engine ends
 * with too); a put inside a deleted prefix is left for etcd to refuse.
 */
export function toEtcdOps(space: KeySpace, ops: readonly KvOp[]): IRequestOp[] {
  const single = new Map<string, IRequestOp>();
  const out: (IRequestOp | string)[] = [];
  for (const op of ops) {
    if (op.kind === 'deletePrefix') {
      const prefix = space.clampPrefix(op.prefix);
      if (prefix !== undefined) out.push({ request_delete_range: { key: Buffer.from(prefix), range_end: prefixEnd(prefix) } });
      continue;
    }
    space.assert(op.key);
    const req: IRequestOp =
      op.kind === 'put'
        ? { request_put: { key: Buffer.from(op.key), value: encodeValue(op.value), lease: op.lease ? String(op.lease) : undefined } }
        : { request_delete_range: { key: Buffer.from(op.key) } };
    if (single.has(op.key)) out.splice(out.indexOf(op.key), 1);
    single.set(op.key, req);
    out.push(op.key);
  }
  return out.map((x) => (typeof x === 'string' ? single.get(x)! : x));
}

/** A compare that etcd evaluates on the key's version (absent/present) or mod revision. */
export function versionCompare(key: string, kind: 'absent' | 'present'): ICompare {
  return { key: Buffer.from(key), target: 'Version', result: kind === 'absent' ? 'Equal' : 'Greater', version: 0 };
}

export function modRevisionCompare(key: string, storeRevision: number): ICompare {
  // 0 = "absent" on both sides (etcd compares a missing key as revision 0); a negative
  // revision never matches.
  const rev = storeRevision > 0 ? toEtcdRevision(storeRevision) : storeRevision;
  return { key: Buffer.from(key), target: 'Mod', result: 'Equal', mod_revision: rev };
}

export function valueCompare(key: string, value: KvValue): ICompare {
  return { key: Buffer.from(key), target: 'Value', result: 'Equal', value: encodeValue(value) };
}
