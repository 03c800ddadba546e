import type { KvBatch, KvStore } from '../store/kv';

/** What a test must supply to run the one store suite against an implementation. */
export type StoreHarness = Readonly<{
  /** A fresh, empty store; `now` is the injected clock in ms. */
  open(now: () => number): Promise<KvStore>;
  /**
   * End expired leases now (the sweeper's job, made synchronous for tests). A store whose
   * leases run on a real clock elsewhere (etcd) returns a promise that settles once every lease
   * past its deadline has really ended and the store has applied the deletions (the result
   * is awaited; anything else it returns is ignored).
   */
  expire(store: KvStore): unknown;
  /**
   * Real-time stores only: let `ms` of real time pass (the injected clock always advances by
   * `ms` too). Absent = time is only the injected clock.
   */
  advance?(ms: number): Promise<void>;
  /**
   * Real-time stores only: every lease TTL and time step of the lease tests is multiplied by
   * this (default 1), so they take seconds instead of a minute. Scaled TTLs must stay whole
   * seconds and within the store's minimum TTL (etcd: 2 s).
   */
  leaseTimeScale?: number;
}>;

/**
 * The contract every KvStore implementation passes: revisions, conditional transactions,
 * prefix ranges, leases and the change feed.
 */
export function storeContract(name: string, harness: StoreHarness): void {
  describe(`KvStore contract: ${name}`, () => {
    let clock = 1_000_000;
    let store: KvStore;
    const scale = harness.leaseTimeScale ?? 1;
    /** A TTL of the lease tests, scaled for real-time stores (whole seconds). */
    const ttl = (seconds: number) => Math.round(seconds * scale);
    /** Let `ms` (scaled) pass: the injected clock, and real time for real-time stores. */
    const advance = async (ms: number) => {
      clock += ms * scale;
      await harness.advance?.(ms * scale);
    };
    beforeEach(async () => {
      clock = 1_000_000;
      store = await harness.open(() => clock);
    });
    afterEach(async () => {
      await store.close();
    });

    test('an empty store has revision 0 and no keys', () => {
      expect(store.revision()).toBe(0);
      expect(store.get('/a')).toBeUndefined();
      expect(store.range('/')).toEqual([]);
    });

    test('put creates with version 1; a second put bumps mod revision and version', async () => {
      const r1 = await store.txn({ success: [{ kind: 'put', key: '/a/x', value: { n: 1 } }] });
      expect(r1).toEqual({ succeeded: true, revision: 1 });
      const r2 = await store.txn({ success: [{ kind: 'put', key: '/a/x', value: { n: 2 } }] });
      expect(r2.revision).toBe(2);
      expect(store.get('/a/x')).toMatchObject({ value: { n: 2 }, createRevision: 1, modRevision: 2, version: 2, lease: 0 });
      expect(store.revision()).toBe(2);
    });

    test('values are frozen copies: changing the input later does not change the store', async () => {
      const v = { list: [1, 2] };
      await store.txn({ success: [{ kind: 'put', key: '/k', value: v }] });
      v.list.push(3);
      const got = store.get('/k')!.value as { list: number[] };
      expect(got.list).toEqual([1, 2]);
      expect(Object.isFrozen(got)).toBe(true);
    });

    test('a transaction is atomic: all its ops share one revision', async () => {
      const r = await store.txn({
        success: [
          { kind: 'put', key: '/t/1', value: 1 },
          { kind: 'put', key: '/t/2', value: 2 },
        ],
      });
      expect(store.get('/t/1')!.modRevision).toBe(r.revision);
      expect(store.get('/t/2')!.modRevision).toBe(r.revision);
    });

    test('compare: absent / present / valueEquals / modRevision choose success or failure', async () => {
      expect((await store.txn({ compare: [{ kind: 'absent', key: '/c' }], success: [{ kind: 'put', key: '/c', value: 'a' }] })).succeeded).toBe(true);
      const again = await store.txn({
        compare: [{ kind: 'absent', key: '/c' }],
        success: [{ kind: 'put', key: '/c', value: 'b' }],
        failure: [{ kind: 'put', key: '/c-failed', value: true }],
      });
      expect(again.succeeded).toBe(false);
      expect(store.get('/c')!.value).toBe('a');
      expect(store.get('/c-failed')!.value).toBe(true);
      expect((await store.txn({ compare: [{ kind: 'present', key: '/c' }], success: [] })).succeeded).toBe(true);
      expect((await store.txn({ compare: [{ kind: 'valueEquals', key: '/c', value: 'a' }], success: [] })).succeeded).toBe(true);
      expect((await store.txn({ compare: [{ kind: 'valueEquals', key: '/c', value: 'z' }], success: [] })).succeeded).toBe(false);
      const mod = store.get('/c')!.modRevision;
      expect((await store.txn({ compare: [{ kind: 'modRevision', key: '/c', equals: mod }], success: [] })).succeeded).toBe(true);
      expect((await store.txn({ compare: [{ kind: 'modRevision', key: '/c', equals: mod + 5 }], success: [] })).succeeded).toBe(false);
    });

    test('a transaction with no effective ops does not bump the revision', async () => {
      await store.txn({ success: [{ kind: 'put', key: '/x', value: 1 }] });
      const r = await store.txn({ success: [{ kind: 'delete', key: '/missing' }] });
      expect(r.revision).toBe(1);
      expect(store.revision()).toBe(1);
    });

    test('range returns keys under a prefix in key order; count agrees', async () => {
      await store.txn({
        success: ['/p/b/2', '/p/a/1', '/p/a/3', '/q/z', '/p/ab/9'].map((key) => ({ kind: 'put' as const, key, value: key })),
      });
      expect(store.range('/p/a/').map((k) => k.key)).toEqual(['/p/a/1', '/p/a/3']);
      expect(store.range('/p/a').map((k) => k.key)).toEqual(['/p/a/1', '/p/a/3', '/p/ab/9']);
      expect(store.range('/p/').map((k) => k.key)).toEqual(['/p/a/1', '/p/a/3', '/p/ab/9', '/p/b/2']);
      expect(store.count('/p/')).toBe(4);
      expect(store.count('/nothing/')).toBe(0);
    });

    test('delete and deletePrefix remove keys', async () => {
      await store.txn({ success: ['/d/1', '/d/2', '/d/sub/3', '/e/1'].map((key) => ({ kind: 'put' as const, key, value: 1 })) });
      await store.txn({ success: [{ kind: 'delete', key: '/e/1' }] });
      expect(store.get('/e/1')).toBeUndefined();
      await store.txn({ success: [{ kind: 'deletePrefix', prefix: '/d/' }] });
      expect(store.range('/d/')).toEqual([]);
      expect(store.count('/')).toBe(0);
    });

    test('the change feed delivers each committed batch with its events, in order', async () => {
      const batches: KvBatch[] = [];
      const stop = store.subscribe((b) => batches.push(b));
      await store.txn({ success: [{ kind: 'put', key: '/f/1', value: 'a' }] });
      await store.txn({ success: [{ kind: 'put', key: '/f/1', value: 'b' }] });
      await store.txn({ success: [{ kind: 'delete', key: '/f/1' }] });
      stop();
      await store.txn({ success: [{ kind: 'put', key: '/f/2', value: 'c' }] });
      expect(batches.map((b) => b.revision)).toEqual([1, 2, 3]);
      expect(batches[0].events[0]).toMatchObject({ type: 'PUT', kv: { key: '/f/1', value: 'a' } });
      expect(batches[1].events[0]).toMatchObject({ type: 'PUT', kv: { value: 'b' }, prev: { value: 'a' } });
      expect(batches[2].events[0]).toMatchObject({ type: 'DELETE', kv: { key: '/f/1', value: 'b' }, cause: 'delete' });
    });

    test('leased keys vanish when the lease expires, with cause lease-expired', async () => {
      const lease = await store.grantLease(ttl(10));
      await store.txn({ success: [{ kind: 'put', key: '/l/1', value: 1, lease }] });
      const events: KvBatch[] = [];
      store.subscribe((b) => events.push(b));
      await advance(9_000);
      await harness.expire(store);
      expect(store.get('/l/1')).toBeDefined();
      expect(store.leaseTtl(lease)).toEqual({ ttl: ttl(10), remaining: 1 });
      await advance(1_000);
      await harness.expire(store);
      expect(store.get('/l/1')).toBeUndefined();
      expect(store.leaseTtl(lease)).toBeUndefined();
      expect(events[0].events[0]).toMatchObject({ type: 'DELETE', cause: 'lease-expired' });
    });

    test('keepAlive renews a lease to its full TTL; unknown leases answer false', async () => {
      const lease = await store.grantLease(ttl(5));
      await store.txn({ success: [{ kind: 'put', key: '/k/1', value: 1, lease }] });
      await advance(4_000);
      expect(await store.keepAlive(lease)).toBe(true);
      await advance(4_000);
      await harness.expire(store);
      expect(store.get('/k/1')).toBeDefined();
      expect(await store.keepAlive(987654)).toBe(false);
    });

    test('revokeLease deletes its keys at once with cause lease-revoked', async () => {
      const lease = await store.grantLease(ttl(60));
      await store.txn({ success: [{ kind: 'put', key: '/r/1', value: 1, lease }, { kind: 'put', key: '/r/2', value: 2, lease }] });
      const events: KvBatch[] = [];
      store.subscribe((b) => events.push(b));
      expect(await store.revokeLease(lease)).toBe(true);
      expect(store.range('/r/')).toEqual([]);
      expect(events).toHaveLength(1);
      expect(events[0].events.map((e) => e.type === 'DELETE' && e.cause)).toEqual(['lease-revoked', 'lease-revoked']);
      expect(await store.revokeLease(lease)).toBe(false);
    });

    test('a put with an unknown lease is refused and changes nothing', async () => {
      await expect(store.txn({ success: [{ kind: 'put', key: '/u', value: 1, lease: 424242 }] })).rejects.toThrow(/lease/);
      expect(store.get('/u')).toBeUndefined();
      expect(store.revision()).toBe(0);
    });

    test('re-putting a key without its lease detaches it from the lease', async () => {
      const lease = await store.grantLease(ttl(5));
      await store.txn({ success: [{ kind: 'put', key: '/m', value: 1, lease }] });
      await store.txn({ success: [{ kind: 'put', key: '/m', value: 2 }] });
      await advance(10_000);
      await harness.expire(store);
      expect(store.get('/m')!.value).toBe(2);
    });
  });
}
