import { randomInt } from 'node:crypto';
import { ConsecutiveBreaker, circuitBreaker, handleWhen } from 'cockatiel';
import {
  Etcd3,
  EtcdLeaseInvalidError,
  GRPCDeadlineExceededError,
  GRPCUnavailableError,
  castGrpcError,
  type ICompare,
  type IEvent,
  type IKeyValue,
  type ILeaseKeepAliveResponse,
  type IOptions,
  type IRequestOp,
  type ITxnResponse,
  type IWatchResponse,
  type Watcher,
  isRecoverableError,
} from 'etcd3';
import type { Logger } from 'pino';
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
import { sameJson } from '../memory/values';
import {
  KeySpace,
  decodeKv,
  leaseOf as leaseIdOf,
  modRevisionCompare,
  toEtcdOps,
  toStoreRevision,
  valueCompare,
  versionCompare,
} from './etcd-codec';
import { LeaseIndex, Mirror } from './etcd-mirror';
import { LeaseBook } from './lease-book';
import { EtcdAccessError, EtcdAccessFiles, NO_ETCD_ACCESS, etcdAccessReason, readEtcdAccess } from './etcd-access';
import { EtcdAvailability } from './etcd-availability';

export type EtcdStoreOptions = Readonly<{
  /** Client URLs, e.g. ['http://127.0.0.1:2379'] (all https:// for TLS). */
  endpoints: readonly string[];
  /** CA, client certificate and user (default: none; https:// hosts trust the system CAs). */
  access?: EtcdAccessFiles;
  /** The key prefix this store owns and mirrors (default '/cse-sr/', Service-Center's). */
  prefix?: string;
  /** How long to wait for etcd when connecting and at startup (ms). */
  dialTimeoutMs: number;
  log: Logger;
  /** Deadline of one etcd request (ms; default 10 s). */
  requestTimeoutMs?: number;
  /** How long a write waits for the watch to bring it into the mirror (ms; default 10 s). */
  syncTimeoutMs?: number;
  /** Clock of the local lease deadlines (ms; tests). */
  now?: () => number;
}>;

export const DEFAULT_ETCD_PREFIX = '/cse-sr/';
/** Keys per page of the initial range (values can be large: schemas). */
const PAGE = 500;

type WatchBackoff = NonNullable<NonNullable<IOptions['faultHandling']>['watchBackoff']>;
/** Re-open a broken watch quickly: 100 ms doubling to 2 s (etcd3's default grows to 30 s). */
function watchBackoff(ms = 100): WatchBackoff {
  return { duration: ms, next: () => watchBackoff(Math.min(ms * 2, 2000)) };
}

type Waiter = { ready: () => boolean; resolve: () => void; reject: (err: Error) => void; timer: NodeJS.Timeout };

/** What a transaction saw of a key in etcd (at `revision`, an etcd revision). */
type Observation = Readonly<{ key: string; modRevision?: number; revision: number }>;

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A random lease id below 2^53, so it stays exact as a JS number (etcd's own ids do not). */
function newLeaseId(): number {
  return randomInt(0, 2 ** 21) * 2 ** 32 + randomInt(1, 2 ** 32);
}

/**
 * The etcd-backed KvStore. Several server replicas can share one etcd:
 *
 * - Reads (`get`/`range`/`count`/`revision`) come from an in-memory mirror of every key under
 *   the prefix, loaded by a range and kept current by a watch from the loaded revision + 1, so
 *   each replica sees the others' writes.
 * - `txn` is one etcd transaction and resolves only once the mirror has applied its revision
 *   (read-your-writes). When its compares fail, the transaction also reads the compared keys,
 *   and resolves once the mirror has caught up with what etcd had, so an optimistic retry
 *   re-reads fresh data.
 * - Leases are etcd leases, granted with ids chosen here (below 2^53). `leaseTtl` answers from a
 *   local cache (see LeaseBook): granted TTLs and deadlines, refreshed by keepAlive. A lease
 *   granted by another replica is known to exist from the keys attached to it; until a
 *   background lookup fills in its numbers `leaseTtl` answers `{ ttl: 0, remaining: 0 }`.
 * - DELETE causes: a revision that deletes exactly all keys of one lease and nothing else is
 *   the end of that lease when etcd no longer has the lease: 'lease-revoked' when this process
 *   revoked it, otherwise 'lease-expired' (also for a revoke by another replica). Any other
 *   deletion is 'delete'.
 * - Revisions are etcd's minus one (see toStoreRevision).
 * - Values are JSON text in etcd, parsed and deep-frozen in the mirror. `valueEquals` pins the
 *   mirror's revision of the key when the mirror holds an equal value, and compares the JSON
 *   text otherwise.
 * - The etcd3 client retries calls; a broken watch resumes from the last revision received; a
 *   watch cancelled by etcd (history compacted) reloads everything and publishes the
 *   differences as one batch.
 * - While etcd cannot serve (no member reachable, no quorum) calls fail with StoreUnavailable
 *   (SC's 500011 for clients) and reads go on from the mirror; EtcdAvailability logs the outage
 *   once when it starts and once when it ends.
 */
export class EtcdKv implements KvStore {
  readonly kind = 'etcd' as const;
  private readonly client: Etcd3;
  private readonly space: KeySpace;
  private readonly mirror = new Mirror();
  /** Leases of the keys as of the last revision received (the mirror may still lag behind it). */
  private readonly ahead = new LeaseIndex();
  private readonly leases: LeaseBook;
  private readonly listeners = new Set<(b: KvBatch) => void>();
  private readonly waiters = new Set<Waiter>();
  private readonly lookups = new Set<number>();
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly syncTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly availability: EtcdAvailability;
  private watcher?: Watcher;
  /** Highest etcd revision received from the watch (or loaded): where a resumed watch starts. */
  private received = 0;
  /** Watch responses are applied one after another, in order. */
  private queue: Promise<void> = Promise.resolve();
  private disconnectedSince?: number;
  private closed = false;

  constructor(private readonly options: EtcdStoreOptions) {
    this.space = new KeySpace(options.prefix ?? DEFAULT_ETCD_PREFIX);
    this.log = options.log.child({ component: 'etcd-store' });
    this.now = options.now ?? Date.now;
    this.leases = new LeaseBook(this.now);
    this.syncTimeoutMs = options.syncTimeoutMs ?? 10_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.availability = new EtcdAvailability(this.log, options.endpoints, this.now);
    const timeout = this.requestTimeoutMs;
    this.client = new Etcd3({
      ...readEtcdAccess(options.access ?? NO_ETCD_ACCESS),
      hosts: [...options.endpoints],
      dialTimeout: options.dialTimeoutMs,
      // A watch catching up or a page of large values can exceed gRPC's default 4 MB.
      grpcOptions: { 'grpc.max_receive_message_length': -1 },
      defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + timeout }),
      faultHandling: {
        // etcd3's default keeps a failed member shut for 5 s; after an etcd restart that is 5 s
        // more outage. Try again after 1 s.
        host: () => circuitBreaker(handleWhen(isRecoverableError), { halfOpenAfter: 1000, breaker: new ConsecutiveBreaker(3) }),
        watchBackoff: watchBackoff(),
      },
    });
  }

  /** Load the key space and start watching it. */
  async start(): Promise<void> {
    const loaded = await this.loadAll(Date.now() + this.options.dialTimeoutMs);
    for (const kv of loaded.kvs) {
      const decoded = decodeKv(kv);
      this.mirror.put(decoded);
      this.ahead.set(decoded.key, decoded.lease);
    }
    this.mirror.setRevision(toStoreRevision(loaded.revision));
    this.received = loaded.revision;
    this.startWatch();
    this.log.info({ endpoints: this.options.endpoints, prefix: this.space.prefix, keys: loaded.kvs.length, revision: this.mirror.revision() }, 'etcd store loaded');
  }

  revision(): number {
    return this.mirror.revision();
  }

  get(key: string): Kv | undefined {
    return this.mirror.get(key);
  }

  range(prefix: string): readonly Kv[] {
    return this.mirror.range(prefix);
  }

  count(prefix: string): number {
    return this.mirror.count(prefix);
  }

  async txn(req: TxnRequest): Promise<TxnResult> {
    this.assertOpen();
    const compare = (req.compare ?? []).map((c) => this.toCompare(c));
    const success = toEtcdOps(this.space, req.success);
    const failureOps = toEtcdOps(this.space, req.failure ?? []);
    const compared = [...new Set((req.compare ?? []).map((c) => c.key))];
    // When the compares fail, also read the compared keys: what etcd had tells how far the
    // mirror must catch up before the caller re-reads.
    const failure: IRequestOp[] = [...failureOps, ...compared.map((key) => ({ request_range: { key: Buffer.from(key) } }))];
    let res: ITxnResponse;
    try {
      res = await this.client.kv.txn({ compare, success, failure });
    } catch (err) {
      throw this.availability.failed(err, 'transaction', (e) => this.txnError(e, req));
    }
    this.availability.succeeded();
    const etcdRev = Number(res.header.revision);
    const ops = res.succeeded ? success : failureOps;
    let wrote = false;
    const seen: Observation[] = [];
    ops.forEach((op, i) => {
      const r = res.responses[i];
      if (r?.response_put != null) wrote = true;
      else if (r?.response_delete_range != null) {
        if (Number(r.response_delete_range.deleted) > 0) wrote = true;
        else seen.push(...this.absentAfterDelete(op, etcdRev));
      }
    });
    if (!res.succeeded) {
      compared.forEach((key, j) => {
        const kv = res.responses[failureOps.length + j]?.response_range?.kvs?.[0];
        seen.push({ key, modRevision: kv ? Number(kv.mod_revision) : undefined, revision: etcdRev });
      });
    }
    if (wrote) {
      const revision = toStoreRevision(etcdRev);
      await this.waitFor(() => this.mirror.revision() >= revision, `revision ${revision}`);
      return { succeeded: res.succeeded, revision };
    }
    if (seen.length > 0) await this.waitFor(() => seen.every((o) => this.mirrorHas(o)), 'the state a transaction saw');
    return { succeeded: res.succeeded, revision: this.mirror.revision() };
  }

  async grantLease(ttlSeconds: number): Promise<number> {
    this.assertOpen();
    const ttl = Math.max(1, Math.ceil(ttlSeconds));
    for (let attempt = 1; ; attempt++) {
      const id = newLeaseId();
      try {
        const res = await this.client.leaseClient.leaseGrant({ TTL: ttl, ID: String(id) });
        if (res.error) throw new Error(res.error);
        this.availability.succeeded();
        // etcd may raise a short TTL to its minimum (2 s by default): keep what it granted.
        this.leases.set(id, Number(res.TTL));
        this.leases.prune((l) => this.mirror.hasLease(l));
        return id;
      } catch (err) {
        if (attempt < 5 && /lease already exists/.test(errorText(err))) continue;
        throw this.availability.failed(err, 'lease grant', (e) => new Error(`etcd: granting a lease failed: ${errorText(e)}`, { cause: e }));
      }
    }
  }

  async keepAlive(lease: number): Promise<boolean> {
    if (this.closed) return false;
    let res: ILeaseKeepAliveResponse;
    try {
      res = await this.keepAliveOnMember(lease);
    } catch (err) {
      throw this.availability.failed(err, 'lease keep-alive', (e) => new Error(`etcd: keep-alive of lease ${lease} failed: ${errorText(e)}`, { cause: e }));
    }
    this.availability.succeeded();
    const ttl = Number(res.TTL);
    if (ttl > 0) {
      this.leases.set(lease, ttl);
      return true;
    }
    this.leases.forget(lease);
    return false;
  }

  async revokeLease(lease: number): Promise<boolean> {
    this.assertOpen();
    this.leases.markRevoking(lease);
    try {
      const res = await this.client.leaseClient.leaseRevoke({ ID: String(lease) });
      this.availability.succeeded();
      const revision = toStoreRevision(res.header.revision);
      // Its keys go in one revision; wait until the mirror has applied it.
      await this.waitFor(() => !this.mirror.hasLease(lease) || this.mirror.revision() >= revision, `the revoke of lease ${lease}`);
      this.leases.forget(lease);
      return true;
    } catch (err) {
      if (err instanceof EtcdLeaseInvalidError) {
        this.leases.forget(lease);
        return false;
      }
      throw this.availability.failed(err, 'lease revoke', (e) => new Error(`etcd: revoking lease ${lease} failed: ${errorText(e)}`, { cause: e }));
    } finally {
      this.leases.unmarkRevoking(lease);
    }
  }

  leaseTtl(lease: number): { ttl: number; remaining: number } | undefined {
    const info = this.leases.get(lease);
    const left = info ? info.deadline - this.now() : 0;
    if (info && left > 0) return { ttl: info.ttl, remaining: Math.ceil(left / 1000) };
    // Past the local deadline, or granted elsewhere: it lives as long as keys hold it (etcd
    // deletes them when it ends); ask etcd for fresh numbers in the background.
    if (!this.mirror.hasLease(lease)) return undefined;
    this.lookupLease(lease);
    return { ttl: info?.ttl ?? 0, remaining: 0 };
  }

  subscribe(listener: (batch: KvBatch) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolve once etcd has ended every lease known here whose local deadline has passed and the
   * mirror has applied their deletions (tests: etcd expires leases by its own clock).
   */
  async settleOverdueLeases(timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (const lease of this.leases.overdue()) {
      for (;;) {
        const res = await this.client.leaseClient.leaseTimeToLive({ ID: String(lease) });
        if (Number(res.TTL) < 0) break;
        if (Date.now() > until) throw new Error(`lease ${lease} is still alive in etcd (TTL ${res.TTL} s) after its deadline`);
        await sleep(100);
      }
      await this.waitFor(() => !this.mirror.hasLease(lease), `the expiry of lease ${lease}`);
      this.leases.forget(lease);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const watcher = this.watcher;
    this.watcher = undefined;
    if (watcher) await withTimeout(watcher.cancel().catch(() => undefined), 1000);
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new Error('store is closed'));
    }
    this.waiters.clear();
    this.listeners.clear();
    this.client.close();
    await withTimeout(this.queue, 1000);
  }

  // --- loading and watching ------------------------------------------------------------

  /** Every key under the prefix at one revision, in pages. */
  private async loadAll(deadlineMs: number): Promise<{ revision: number; kvs: IKeyValue[] }> {
    const kvs: IKeyValue[] = [];
    let key = this.space.start;
    let revision: string | undefined;
    for (;;) {
      const res = await this.client.kv.range(
        { key, range_end: this.space.end, limit: PAGE, revision },
        { deadline: Math.max(deadlineMs, Date.now() + 1000) },
      );
      revision ??= res.header.revision;
      kvs.push(...res.kvs);
      if (!res.more || res.kvs.length === 0) break;
      key = Buffer.concat([res.kvs[res.kvs.length - 1].key, Buffer.from([0])]);
    }
    return { revision: Number(revision), kvs };
  }

  private startWatch(): void {
    if (this.closed) return;
    const w = this.client
      .watch()
      .inRange({ start: this.space.start, end: this.space.end })
      .startRevision(String(this.received + 1))
      .watcher();
    this.watcher = w;
    // A re-opened watch (after a broken stream) resumes right after the last event received.
    w.on('connecting', () => {
      w.request.start_revision = String(this.received + 1);
    });
    w.on('connected', () => {
      if (this.disconnectedSince === undefined) return;
      this.log.info({ downMs: Date.now() - this.disconnectedSince, from: this.received + 1 }, 'etcd watch resumed');
      this.disconnectedSince = undefined;
    });
    w.on('disconnected', (err) => {
      if (this.closed || this.disconnectedSince !== undefined) return;
      this.disconnectedSince = Date.now();
      this.log.warn({ err: errorText(err) }, 'etcd watch disconnected; retrying');
    });
    w.on('data', (res) => this.onWatchData(w, res));
    w.on('error', (err) => {
      if (this.closed || this.watcher !== w) return;
      // Cancelled by etcd, typically because the revision to resume from was compacted.
      this.log.warn({ err: errorText(err) }, 'etcd watch cancelled; reloading the key space');
      this.watcher = undefined;
      this.enqueue(() => this.reload());
    });
  }

  private onWatchData(w: Watcher, res: IWatchResponse): void {
    if (this.closed || this.watcher !== w || res.events.length === 0) return;
    const groups: IEvent[][] = [];
    for (const ev of res.events) {
      this.received = Math.max(this.received, Number(ev.kv.mod_revision));
      const last = groups[groups.length - 1];
      if (last && last[0].kv.mod_revision === ev.kv.mod_revision) last.push(ev);
      else groups.push([ev]);
    }
    const revisions = groups.map((events) => ({ etcdRev: Number(events[0].kv.mod_revision), events, leaseEnd: this.leaseEndOf(events) }));
    // Ask etcd now whether those leases are gone (lookups for many responses run side by side,
    // so a mass expiry is not one round trip after another); apply in order in the queue.
    const candidates = [...new Set(revisions.flatMap((r) => (r.leaseEnd && !this.leases.revokedHere(r.leaseEnd) ? [r.leaseEnd] : [])))];
    const ended = this.leasesEnded(candidates);
    this.enqueue(async () => {
      const known = await ended;
      for (const r of revisions) this.applyRevision(r.etcdRev, r.events, this.deleteCause(r.leaseEnd, known));
    });
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((err: unknown) => this.log.error({ err }, 'etcd store: applying a change failed'));
  }

  private applyRevision(etcdRev: number, events: readonly IEvent[], cause: DeleteCause): void {
    const revision = toStoreRevision(etcdRev);
    if (revision <= this.mirror.revision()) return; // already in the mirror (loaded)
    const out: KvEvent[] = [];
    for (const ev of events) {
      const key = ev.kv.key.toString('utf8');
      if (ev.type === 'Put') {
        const kv = decodeKv(ev.kv);
        const prev = this.mirror.put(kv);
        out.push(prev ? { type: 'PUT', kv, prev } : { type: 'PUT', kv });
      } else {
        const prev = this.mirror.delete(key);
        if (prev) out.push({ type: 'DELETE', kv: prev, revision, cause });
      }
    }
    this.mirror.setRevision(revision);
    this.publish(revision, out);
  }

  /**
   * The lease a received revision may have ended, judged on the leases of keys as of the
   * previous revision received (`ahead`, which this then moves on): etcd ends a lease in a
   * revision of its own that deletes every key attached to it, so a revision deleting exactly
   * all keys of one lease and nothing else. Undefined for any other revision.
   */
  private leaseEndOf(events: readonly IEvent[]): number | undefined {
    let end: number | undefined;
    if (!events.some((e) => e.type === 'Put')) {
      const leases = new Set(events.map((e) => this.ahead.leaseOf(e.kv.key.toString('utf8'))));
      const [lease] = leases;
      if (leases.size === 1 && lease !== 0 && events.length === this.ahead.size(lease)) end = lease;
    }
    for (const e of events) {
      const key = e.kv.key.toString('utf8');
      if (e.type === 'Put') this.ahead.set(key, leaseIdOf(e.kv.lease));
      else this.ahead.delete(key);
    }
    return end;
  }

  /** Whether each lease is gone from etcd (a failed lookup counts as gone). */
  private async leasesEnded(leases: readonly number[]): Promise<Map<number, boolean>> {
    const out = new Map<number, boolean>();
    for (let i = 0; i < leases.length; i += 32) {
      await Promise.all(
        leases.slice(i, i + 32).map(async (lease) => {
          try {
            const res = await this.client.leaseClient.leaseTimeToLive({ ID: String(lease) });
            out.set(lease, Number(res.TTL) < 0);
          } catch (err) {
            // Every key of the lease went at once: that is how etcd ends a lease.
            this.log.debug({ err: errorText(err), lease }, 'etcd: lease lookup failed; taking the deletion as its end');
            out.set(lease, true);
          }
        }),
      );
    }
    return out;
  }

  /**
   * Why the DELETEs of a revision happened: the end of a lease when the revision deletes
   * exactly its keys and etcd no longer has it ('lease-revoked' when this process revoked it,
   * else 'lease-expired'); otherwise an explicit delete.
   */
  private deleteCause(leaseEnd: number | undefined, ended: ReadonlyMap<number, boolean>): DeleteCause {
    if (leaseEnd === undefined) return 'delete';
    const cause: DeleteCause = this.leases.revokedHere(leaseEnd) ? 'lease-revoked' : ended.get(leaseEnd) === false ? 'delete' : 'lease-expired';
    if (cause !== 'delete') this.leases.forget(leaseEnd);
    return cause;
  }

  /** Re-read everything (after the watch history was lost) and publish the differences. */
  private async reload(): Promise<void> {
    for (let delay = 100; !this.closed; delay = Math.min(delay * 2, 5000)) {
      try {
        const loaded = await this.loadAll(Date.now() + this.requestTimeoutMs);
        await this.replaceWith(loaded.revision, loaded.kvs);
        this.received = Math.max(this.received, loaded.revision);
        this.startWatch();
        return;
      } catch (err) {
        this.log.warn({ err: errorText(err) }, 'etcd store: reload failed; retrying');
        await sleep(delay);
      }
    }
  }

  private async replaceWith(etcdRev: number, kvs: readonly IKeyValue[]): Promise<void> {
    const revision = toStoreRevision(etcdRev);
    const fresh = new Map(kvs.map((kv) => [kv.key.toString('utf8'), decodeKv(kv)]));
    const freshLeases = new Set([...fresh.values()].map((kv) => kv.lease));
    const gone = [...this.mirror.all()].filter((kv) => !fresh.has(kv.key));
    const candidates = [...new Set(gone.map((kv) => kv.lease))].filter((l) => l !== 0 && !freshLeases.has(l));
    const ended = await this.leasesEnded(candidates.filter((l) => !this.leases.revokedHere(l)));
    const causes = new Map<number, DeleteCause>();
    for (const lease of candidates) {
      causes.set(lease, this.leases.revokedHere(lease) ? 'lease-revoked' : ended.get(lease) === false ? 'delete' : 'lease-expired');
    }
    const out: KvEvent[] = [];
    for (const kv of gone) {
      this.mirror.delete(kv.key);
      out.push({ type: 'DELETE', kv, revision, cause: causes.get(kv.lease) ?? 'delete' });
    }
    for (const kv of fresh.values()) {
      const prev = this.mirror.get(kv.key);
      if (prev && prev.modRevision === kv.modRevision) continue;
      this.mirror.put(kv);
      out.push(prev ? { type: 'PUT', kv, prev } : { type: 'PUT', kv });
    }
    for (const [lease, cause] of causes) if (cause !== 'delete') this.leases.forget(lease);
    this.ahead.clear();
    for (const kv of fresh.values()) this.ahead.set(kv.key, kv.lease);
    this.mirror.setRevision(revision);
    this.publish(revision, out);
  }

  private publish(revision: number, events: readonly KvEvent[]): void {
    if (events.length > 0) {
      const batch: KvBatch = { revision, events };
      for (const l of [...this.listeners]) {
        try {
          l(batch);
        } catch (err) {
          this.log.error({ err }, 'etcd store: a change listener failed');
        }
      }
    }
    for (const w of this.waiters) {
      if (!w.ready()) continue;
      clearTimeout(w.timer);
      this.waiters.delete(w);
      w.resolve();
    }
  }

  // --- transactions ----------------------------------------------------------------------

  private toCompare(c: KvCompare): ICompare {
    this.space.assert(c.key);
    switch (c.kind) {
      case 'absent':
      case 'present':
        return versionCompare(c.key, c.kind);
      case 'modRevision':
        return modRevisionCompare(c.key, c.equals);
      case 'valueEquals': {
        const kv = this.mirror.get(c.key);
        return kv && sameJson(kv.value, c.value) ? modRevisionCompare(c.key, kv.modRevision) : valueCompare(c.key, c.value);
      }
    }
  }

  /** A delete that deleted nothing: etcd had none of its keys at `etcdRev`. */
  private absentAfterDelete(op: IRequestOp, etcdRev: number): Observation[] {
    const del = op.request_delete_range;
    if (!del?.key) return [];
    const key = del.key.toString('utf8');
    const keys = del.range_end ? this.mirror.range(key).map((kv) => kv.key) : [key];
    return keys.map((k) => ({ key: k, revision: etcdRev }));
  }

  /** Whether the mirror has caught up with what a transaction saw of a key. */
  private mirrorHas(o: Observation): boolean {
    if (o.modRevision !== undefined) return this.mirror.revision() >= toStoreRevision(o.modRevision);
    const kv = this.mirror.get(o.key);
    return !kv || kv.modRevision >= toStoreRevision(o.revision);
  }

  private txnError(err: unknown, req: TxnRequest): Error {
    if (err instanceof EtcdLeaseInvalidError) {
      const leases = [...req.success, ...(req.failure ?? [])].flatMap((op) => (op.kind === 'put' && op.lease ? [op.lease] : []));
      return new Error(`lease ${[...new Set(leases)].join(', ')} not found`, { cause: err });
    }
    return new Error(`etcd transaction failed: ${errorText(err)}`, { cause: err });
  }

  private waitFor(ready: () => boolean, what: string): Promise<void> {
    if (ready()) return Promise.resolve();
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        ready,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`etcd store: the watch did not bring ${what} within ${this.syncTimeoutMs} ms`));
        }, this.syncTimeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  // --- leases ------------------------------------------------------------------------------

  /**
   * etcd3 opens a keep-alive stream on one member without the retry it gives unary calls: when
   * that member is gone (connection refused), try again, as a unary call would. A timeout is
   * not retried, so a refused heartbeat never takes longer than one request deadline.
   */
  private async keepAliveOnMember(lease: number): Promise<ILeaseKeepAliveResponse> {
    const until = Date.now() + this.requestTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.keepAliveOnce(lease);
      } catch (err) {
        // etcd3 picks members at random; after 3 refusals it skips a member for a while.
        if (!(err instanceof GRPCUnavailableError) || attempt > 2 * this.options.endpoints.length || Date.now() >= until) throw err;
      }
    }
  }

  private async keepAliveOnce(lease: number): Promise<ILeaseKeepAliveResponse> {
    const stream = await this.client.leaseClient.leaseKeepAlive();
    return new Promise<ILeaseKeepAliveResponse>((resolve, reject) => {
      let done = false;
      const finish = (fn: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        try {
          stream.end();
        } catch {
          // already closed
        }
        fn();
      };
      const timer = setTimeout(
        () => finish(() => reject(new GRPCDeadlineExceededError(`no answer within ${this.requestTimeoutMs} ms`))),
        this.requestTimeoutMs,
      );
      stream.on('data', (res) => finish(() => resolve(res)));
      // Stream errors come raw from gRPC: type them as the unary calls' are.
      stream.on('error', (err) => finish(() => reject(castGrpcError(err))));
      stream.on('end', () => finish(() => reject(new Error('the keep-alive stream ended'))));
      stream.write({ ID: String(lease) });
    });
  }

  /** Learn the TTL of a lease granted elsewhere (or renewed elsewhere), in the background. */
  private lookupLease(lease: number): void {
    if (this.closed || this.lookups.has(lease)) return;
    this.lookups.add(lease);
    this.client.leaseClient
      .leaseTimeToLive({ ID: String(lease) })
      .then((res) => {
        const remaining = Number(res.TTL);
        if (remaining > 0) this.leases.set(lease, Number(res.grantedTTL), remaining);
      })
      .catch((err: unknown) => this.log.debug({ err: errorText(err), lease }, 'etcd: lease lookup failed'))
      .finally(() => this.lookups.delete(lease));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('store is closed');
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Wait for a promise at most `ms` (its outcome is ignored). */
async function withTimeout(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => undefined), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/**
 * Open the etcd store: connect, load every key under the prefix, start the watch. Fails with
 * "cannot reach etcd at …" when etcd does not answer within `dialTimeoutMs`, with an
 * EtcdAccessError when etcd refuses our TLS or user settings, and with a TlsFileError when one
 * of their files is unusable.
 */
export async function openEtcdStore(options: EtcdStoreOptions): Promise<EtcdKv> {
  const store = new EtcdKv(options);
  try {
    await store.start();
  } catch (err) {
    await store.close();
    const access = etcdAccessReason(err, options.endpoints, options.access ?? NO_ETCD_ACCESS);
    if (access) throw new EtcdAccessError(access, { cause: err });
    throw new Error(`cannot reach etcd at ${options.endpoints.join(',')}; start etcd or fix --etcd-endpoints (${errorText(err)})`, {
      cause: err,
    });
  }
  return store;
}
