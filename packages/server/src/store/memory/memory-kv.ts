import { KvTable } from './kv-table';
import type {
  DeleteCause,
  Kv,
  KvBatch,
  KvCompare,
  KvEvent,
  KvStore,
  TxnRequest,
  TxnResult,
  Unsubscribe,
} from '../kv';
import { copyJson, deepFreeze, sameJson } from './values';

/** What a durable backend must record for one committed batch (all or nothing). */
export type CommitRecord = Readonly<{
  revision: number;
  puts: readonly Kv[];
  deletes: readonly string[];
  leasesGranted: readonly { id: number; ttl: number }[];
  leasesEnded: readonly number[];
  nextLeaseId: number;
}>;

/** A durable backend: `commit` must persist the record or throw (then nothing changes). */
export interface Persistence {
  commit(record: CommitRecord): void;
  close(): void;
}

export type Clock = () => number;

export type MemoryKvInit = Readonly<{
  kvs?: readonly Kv[];
  leases?: readonly { id: number; ttl: number }[];
  revision?: number;
  nextLeaseId?: number;
  persistence?: Persistence;
  /** Milliseconds; injectable for tests. */
  now?: Clock;
  /** Sweep interval for lease expiry in ms (0 = no timer; call expireLeases yourself). */
  sweepMs?: number;
}>;

type Lease = { id: number; ttl: number; deadline: number; keys: Set<string> };

/**
 * The in-memory etcd-shaped engine. Every read is served from memory; a write is computed,
 * handed to the persistence (which may refuse by throwing), then applied and published.
 * Leases live in memory; restored ones are re-armed for a full TTL.
 */
export class MemoryKv implements KvStore {
  readonly kind = 'buildin' as const;
  private readonly table = new KvTable();
  private readonly leases = new Map<number, Lease>();
  private readonly listeners = new Set<(b: KvBatch) => void>();
  private rev: number;
  private nextLeaseId: number;
  private readonly now: Clock;
  private readonly persistence?: Persistence;
  private readonly sweeper?: NodeJS.Timeout;
  private closed = false;

  constructor(init: MemoryKvInit = {}) {
    this.now = init.now ?? Date.now;
    this.persistence = init.persistence;
    this.rev = init.revision ?? 0;
    this.nextLeaseId = init.nextLeaseId ?? 1;
    const start = this.now();
    for (const l of init.leases ?? []) {
      this.leases.set(l.id, { id: l.id, ttl: l.ttl, deadline: start + l.ttl * 1000, keys: new Set() });
      this.nextLeaseId = Math.max(this.nextLeaseId, l.id + 1);
    }
    for (const kv of init.kvs ?? []) {
      this.table.put(deepFreeze({ ...kv }));
      if (kv.lease) this.leases.get(kv.lease)?.keys.add(kv.key);
      this.rev = Math.max(this.rev, kv.modRevision);
    }
    if (init.sweepMs && init.sweepMs > 0) {
      this.sweeper = setInterval(() => this.expireLeases(), init.sweepMs);
      this.sweeper.unref();
    }
  }

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

  async txn(req: TxnRequest): Promise<TxnResult> {
    return this.txnSync(req);
  }

  /** The synchronous core of txn (the embedded store has no I/O wait). */
  txnSync(req: TxnRequest): TxnResult {
    this.assertOpen();
    const succeeded = (req.compare ?? []).every((c) => this.holds(c));
    const ops = succeeded ? req.success : (req.failure ?? []);
    if (ops.length === 0) return { succeeded, revision: this.rev };
    for (const op of ops) {
      if (op.kind === 'put' && op.lease && !this.leases.has(op.lease)) {
        throw new Error(`lease ${op.lease} not found`);
      }
    }
    const revision = this.rev + 1;
    const staged = new Map<string, Kv | null>();
    const current = (key: string) => (staged.has(key) ? (staged.get(key) ?? undefined) : this.table.get(key));
    for (const op of ops) {
      if (op.kind === 'put') {
        const prev = current(op.key);
        staged.set(op.key, {
          key: op.key,
          value: deepFreeze(copyJson(op.value)),
          createRevision: prev ? prev.createRevision : revision,
          modRevision: revision,
          version: prev ? prev.version + 1 : 1,
          lease: op.lease ?? 0,
        });
      } else if (op.kind === 'delete') {
        if (current(op.key)) staged.set(op.key, null);
      } else {
        for (const k of this.table.keysUnder(op.prefix)) staged.set(k, null);
        for (const [k, v] of staged) if (v && k.startsWith(op.prefix)) staged.set(k, null);
      }
    }
    if (staged.size === 0) return { succeeded, revision: this.rev };
    this.commit(revision, staged, 'delete', [], []);
    return { succeeded, revision };
  }

  async grantLease(ttlSeconds: number): Promise<number> {
    this.assertOpen();
    const id = this.nextLeaseId;
    const ttl = Math.max(1, Math.ceil(ttlSeconds));
    this.persistence?.commit({ revision: this.rev, puts: [], deletes: [], leasesGranted: [{ id, ttl }], leasesEnded: [], nextLeaseId: id + 1 });
    this.nextLeaseId = id + 1;
    this.leases.set(id, { id, ttl, deadline: this.now() + ttl * 1000, keys: new Set() });
    return id;
  }

  async keepAlive(lease: number): Promise<boolean> {
    return this.keepAliveSync(lease);
  }

  keepAliveSync(lease: number): boolean {
    const l = this.leases.get(lease);
    if (!l || this.closed) return false;
    l.deadline = this.now() + l.ttl * 1000;
    return true;
  }

  async revokeLease(lease: number): Promise<boolean> {
    this.assertOpen();
    if (!this.leases.has(lease)) return false;
    this.endLeases([lease], 'lease-revoked');
    return true;
  }

  leaseTtl(lease: number): { ttl: number; remaining: number } | undefined {
    const l = this.leases.get(lease);
    if (!l) return undefined;
    return { ttl: l.ttl, remaining: Math.max(0, Math.ceil((l.deadline - this.now()) / 1000)) };
  }

  /** End every lease past its deadline; returns how many ended. */
  expireLeases(): number {
    if (this.closed) return 0;
    const now = this.now();
    const expired: number[] = [];
    for (const l of this.leases.values()) if (l.deadline <= now) expired.push(l.id);
    if (expired.length > 0) this.endLeases(expired, 'lease-expired');
    return expired.length;
  }

  subscribe(listener: (batch: KvBatch) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.sweeper) clearInterval(this.sweeper);
    this.listeners.clear();
    this.persistence?.close();
  }

  private endLeases(ids: readonly number[], cause: DeleteCause): void {
    const staged = new Map<string, Kv | null>();
    for (const id of ids) for (const k of this.leases.get(id)?.keys ?? []) staged.set(k, null);
    const revision = staged.size > 0 ? this.rev + 1 : this.rev;
    this.commit(revision, staged, cause, [], ids);
  }

  private commit(
    revision: number,
    staged: Map<string, Kv | null>,
    cause: DeleteCause,
    granted: { id: number; ttl: number }[],
    ended: readonly number[],
  ): void {
    const puts: Kv[] = [];
    const deletes: string[] = [];
    for (const [k, v] of staged) {
      if (v) puts.push(v);
      else deletes.push(k);
    }
    this.persistence?.commit({ revision, puts, deletes, leasesGranted: granted, leasesEnded: ended, nextLeaseId: this.nextLeaseId });
    const events: KvEvent[] = [];
    for (const kv of puts) {
      const prev = this.table.put(kv);
      if (prev?.lease && prev.lease !== kv.lease) this.leases.get(prev.lease)?.keys.delete(kv.key);
      if (kv.lease) this.leases.get(kv.lease)?.keys.add(kv.key);
      events.push(prev ? { type: 'PUT', kv, prev } : { type: 'PUT', kv });
    }
    for (const key of deletes) {
      const prev = this.table.delete(key);
      if (!prev) continue;
      if (prev.lease) this.leases.get(prev.lease)?.keys.delete(key);
      events.push({ type: 'DELETE', kv: prev, revision, cause: prev.lease && ended.includes(prev.lease) ? cause : 'delete' });
    }
    for (const id of ended) this.leases.delete(id);
    this.rev = revision;
    if (events.length === 0) return;
    const batch: KvBatch = { revision, events };
    for (const l of this.listeners) l(batch);
  }

  private holds(c: KvCompare): boolean {
    const kv = this.table.get(c.key);
    switch (c.kind) {
      case 'absent':
        return kv === undefined;
      case 'present':
        return kv !== undefined;
      case 'valueEquals':
        return kv !== undefined && sameJson(kv.value, c.value);
      case 'modRevision':
        return (kv?.modRevision ?? 0) === c.equals;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('store is closed');
  }
}
