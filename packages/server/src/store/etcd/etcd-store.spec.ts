import { Etcd3 } from 'etcd3';
import pino from 'pino';
import { DEFAULT_CONFIG } from '../../config/schema';
import { startServer, type RunningServer } from '../../server';
import { ETCD_MISSING, EtcdProcess, findEtcdBinary, startEtcd } from '../../__tests__/etcd-process';
import { SAMPLE_INSTANCE, createInstance, createService, eventually, find, uniqueName } from '../../__tests__/instances-helpers';
import { storeContract } from '../../__tests__/store-contract';
import type { KvBatch } from '../kv';
import { EtcdKv, openEtcdStore } from './etcd-store';

// Real etcd: lease tests wait for etcd's own clock, so give tests room.
jest.setTimeout(30_000);

const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const open = (endpoint: string, prefix: string) => openEtcdStore({ endpoints: [endpoint], prefix, dialTimeoutMs: 5000, log });

test('the etcd binary is installed (the etcd store tests run against a real etcd)', () => {
  if (!findEtcdBinary()) throw new Error(ETCD_MISSING);
});

// --- the contract, each test on a fresh etcd ------------------------------------------------
// An empty store starts at revision 0 and etcd never goes back, so every contract test gets
// its own etcd; the next one starts while the current test runs.
let spare: Promise<EtcdProcess> | undefined;
let current: EtcdProcess | undefined;
const stopping: Promise<void>[] = [];

async function freshEtcd(): Promise<EtcdProcess> {
  if (current) stopping.push(current.stop());
  current = undefined;
  const e = await (spare ?? startEtcd());
  current = e;
  spare = startEtcd();
  spare.catch(() => undefined);
  return e;
}

afterAll(async () => {
  if (current) stopping.push(current.stop());
  if (spare) stopping.push(spare.then((e) => e.stop()).catch(() => undefined));
  await Promise.all(stopping);
});

storeContract('etcd', {
  open: async () => open((await freshEtcd()).endpoint, '/'),
  expire: (store) => (store as EtcdKv).settleOverdueLeases(),
  advance: (ms) => sleep(ms),
  // TTLs 10/5/60 s become 4/2/24 s (etcd's minimum TTL is 2 s).
  leaseTimeScale: 0.4,
});

// --- several stores on one etcd ---------------------------------------------------------------
describe('etcd store: replicas sharing one etcd', () => {
  let etcd: EtcdProcess;
  const stores: EtcdKv[] = [];
  const openStore = async (prefix: string) => {
    const s = await open(etcd.endpoint, prefix);
    stores.push(s);
    return s;
  };
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  test("each store sees the other's writes, with the same revisions and events", async () => {
    const a = await openStore('/rep1/');
    const b = await openStore('/rep1/');
    const seenByB: KvBatch[] = [];
    b.subscribe((batch) => seenByB.push(batch));
    const put = await a.txn({ success: [{ kind: 'put', key: '/rep1/x', value: { n: 1 } }] });
    await eventually(() => b.get('/rep1/x') !== undefined);
    expect(b.get('/rep1/x')).toEqual(a.get('/rep1/x'));
    expect(b.get('/rep1/x')).toMatchObject({ value: { n: 1 }, modRevision: put.revision, version: 1 });
    expect(Object.isFrozen(b.get('/rep1/x')!.value)).toBe(true);
    const del = await b.txn({ success: [{ kind: 'delete', key: '/rep1/x' }] });
    await eventually(() => a.get('/rep1/x') === undefined);
    expect(a.revision()).toBe(del.revision);
    expect(b.revision()).toBe(del.revision);
    expect(seenByB.map((x) => x.revision)).toEqual([put.revision, del.revision]);
    expect(seenByB[1].events[0]).toMatchObject({ type: 'DELETE', kv: { key: '/rep1/x' }, cause: 'delete' });
  });

  test('a store mirrors only its prefix and refuses writes outside it', async () => {
    const a = await openStore('/rep2/a/');
    const b = await openStore('/rep2/');
    await b.txn({ success: [{ kind: 'put', key: '/rep2/b/1', value: 1 }, { kind: 'put', key: '/rep2/a/1', value: 2 }] });
    await eventually(() => a.get('/rep2/a/1') !== undefined);
    expect(a.get('/rep2/b/1')).toBeUndefined();
    await expect(a.txn({ success: [{ kind: 'put', key: '/rep2/b/2', value: 3 }] })).rejects.toThrow(/outside this store's prefix/);
    // A wider prefix deletion only touches this store's keys.
    await a.txn({ success: [{ kind: 'deletePrefix', prefix: '/rep2/' }] });
    expect(a.count('/rep2/')).toBe(0);
    await eventually(() => b.get('/rep2/a/1') === undefined);
    expect(b.get('/rep2/b/1')).toBeDefined();
  });

  test('a compare that fails because another replica wrote first resolves with the winner already mirrored', async () => {
    const a = await openStore('/rep3/');
    const b = await openStore('/rep3/');
    for (let i = 0; i < 5; i++) {
      const key = `/rep3/k${i}`;
      const results = await Promise.all(
        [a, b].map((s, n) => s.txn({ compare: [{ kind: 'absent', key }], success: [{ kind: 'put', key, value: n }] })),
      );
      expect(results.filter((r) => r.succeeded)).toHaveLength(1);
      const winner = results[0].succeeded ? 0 : 1;
      // The loser's mirror already holds the winning value: an optimistic retry re-reads fresh data.
      expect(a.get(key)!.value).toBe(winner);
      expect(b.get(key)!.value).toBe(winner);
    }
    // modRevision pins: a stale pin fails, and after it the loser sees the newer revision.
    await a.txn({ success: [{ kind: 'put', key: '/rep3/k0', value: 'new' }] });
    const stale = b.get('/rep3/k0')!.modRevision;
    const pinned = await b.txn({ compare: [{ kind: 'modRevision', key: '/rep3/k0', equals: stale }], success: [{ kind: 'put', key: '/rep3/k0', value: 'b' }] });
    if (!pinned.succeeded) expect(b.get('/rep3/k0')!.value).toBe('new');
  });

  test('leases are shared: another replica sees the lease alive, renews it, and sees its revoke as an end of lease', async () => {
    const a = await openStore('/rep4/');
    const b = await openStore('/rep4/');
    const lease = await a.grantLease(30);
    await a.txn({ success: [{ kind: 'put', key: '/rep4/i', value: 1, lease }, { kind: 'put', key: '/rep4/l', value: String(lease), lease }] });
    await eventually(() => b.count('/rep4/') === 2);
    expect(b.get('/rep4/i')!.lease).toBe(lease);
    expect(b.leaseTtl(lease)).toBeDefined();
    expect(await b.keepAlive(lease)).toBe(true);
    expect(b.leaseTtl(lease)).toEqual({ ttl: 30, remaining: 30 });
    const seenByA: KvBatch[] = [];
    const seenByB: KvBatch[] = [];
    a.subscribe((x) => seenByA.push(x));
    b.subscribe((x) => seenByB.push(x));
    expect(await a.revokeLease(lease)).toBe(true);
    expect(a.count('/rep4/')).toBe(0);
    await eventually(() => b.count('/rep4/') === 0);
    expect(seenByA).toHaveLength(1);
    expect(seenByA[0].events.map((e) => e.type === 'DELETE' && e.cause)).toEqual(['lease-revoked', 'lease-revoked']);
    await eventually(() => seenByB.length === 1);
    expect(seenByB[0].revision).toBe(seenByA[0].revision);
    expect(seenByB[0].events.map((e) => e.type === 'DELETE' && e.cause)).toEqual(['lease-expired', 'lease-expired']);
    expect(await b.keepAlive(lease)).toBe(false);
    expect(b.leaseTtl(lease)).toBeUndefined();
  });

  test('an explicit delete of every key of a live lease is a delete, not an expiry', async () => {
    const a = await openStore('/rep5/');
    const lease = await a.grantLease(30);
    await a.txn({ success: [{ kind: 'put', key: '/rep5/i', value: 1, lease }] });
    const seen: KvBatch[] = [];
    a.subscribe((x) => seen.push(x));
    await a.txn({ success: [{ kind: 'delete', key: '/rep5/i' }] });
    expect(seen[0].events[0]).toMatchObject({ type: 'DELETE', cause: 'delete' });
    expect(await a.revokeLease(lease)).toBe(true);
  });

  test('a mass expiry: every key of every expired lease is a lease-expired DELETE, on both replicas', async () => {
    const a = await openStore('/rep8/');
    const b = await openStore('/rep8/');
    const leases = await Promise.all(Array.from({ length: 20 }, () => a.grantLease(2)));
    await a.txn({
      success: leases.flatMap((lease, i) => [
        { kind: 'put' as const, key: `/rep8/i/${i}`, value: { i }, lease },
        { kind: 'put' as const, key: `/rep8/l/${i}`, value: String(lease), lease },
      ]),
    });
    await eventually(() => b.count('/rep8/') === 40);
    const seenA: KvBatch[] = [];
    const seenB: KvBatch[] = [];
    a.subscribe((x) => seenA.push(x));
    b.subscribe((x) => seenB.push(x));
    await sleep(2000);
    await a.settleOverdueLeases();
    expect(a.count('/rep8/')).toBe(0);
    await eventually(() => b.count('/rep8/') === 0);
    for (const seen of [seenA, seenB]) {
      expect(seen).toHaveLength(20);
      expect(seen.every((x) => x.events.length === 2)).toBe(true);
      expect(new Set(seen.flatMap((x) => x.events.map((e) => e.type === 'DELETE' && e.cause)))).toEqual(new Set(['lease-expired']));
    }
    expect(seenB.map((x) => x.revision)).toEqual(seenA.map((x) => x.revision));
    for (const lease of leases) expect(a.leaseTtl(lease)).toBeUndefined();
  });

  test('a restarted store reloads the data, revisions and leased keys from etcd', async () => {
    const a = await openStore('/rep6/');
    const lease = await a.grantLease(30);
    await a.txn({ success: [{ kind: 'put', key: '/rep6/s/1', value: { name: 'one' } }] });
    await a.txn({ success: [{ kind: 'put', key: '/rep6/i/1', value: { id: 1 }, lease }] });
    const last = await a.txn({ success: [{ kind: 'put', key: '/rep6/s/1', value: { name: 'uno' } }] });
    const before = a.range('/rep6/');
    await a.close();
    stores.splice(stores.indexOf(a), 1);

    const b = await openStore('/rep6/');
    expect(b.revision()).toBe(last.revision);
    expect(b.range('/rep6/')).toEqual(before);
    expect(b.get('/rep6/s/1')).toMatchObject({ value: { name: 'uno' }, version: 2, modRevision: last.revision });
    expect(b.get('/rep6/i/1')).toMatchObject({ lease });
    expect(b.leaseTtl(lease)).toBeDefined();
    expect(await b.keepAlive(lease)).toBe(true);
    expect(await b.revokeLease(lease)).toBe(true);
    expect(b.get('/rep6/i/1')).toBeUndefined();
  });

  test('a watch that lost its history (compacted) reloads and publishes the differences as one batch', async () => {
    const a = await openStore('/rep7/');
    const b = await openStore('/rep7/');
    const lease = await a.grantLease(30);
    await a.txn({
      success: [
        { kind: 'put', key: '/rep7/keep', value: 1 },
        { kind: 'put', key: '/rep7/change', value: 1 },
        { kind: 'put', key: '/rep7/remove', value: 1 },
        { kind: 'put', key: '/rep7/leased', value: 1, lease },
      ],
    });
    await eventually(() => b.count('/rep7/') === 4);
    // Detach b's watch, change things behind its back, compact the history it would resume from.
    const internals = b as unknown as { watcher?: { cancel(): Promise<void> }; startWatch(): void };
    await internals.watcher!.cancel();
    await a.txn({ success: [{ kind: 'put', key: '/rep7/change', value: 2 }, { kind: 'put', key: '/rep7/new', value: 1 }] });
    await a.txn({ success: [{ kind: 'delete', key: '/rep7/remove' }] });
    await a.revokeLease(lease);
    const client = new Etcd3({ hosts: etcd.endpoint });
    try {
      await client.kv.compact({ revision: a.revision() + 1, physical: true });
    } finally {
      client.close();
    }
    const seen: KvBatch[] = [];
    b.subscribe((x) => seen.push(x));
    internals.startWatch();
    await eventually(() => seen.length > 0);
    expect(seen).toHaveLength(1);
    expect(seen[0].revision).toBe(a.revision());
    const summary = seen[0].events.map((e) => `${e.type} ${e.kv.key}${e.type === 'DELETE' ? ` ${e.cause}` : ''}`).sort();
    expect(summary).toEqual(['DELETE /rep7/leased lease-expired', 'DELETE /rep7/remove delete', 'PUT /rep7/change', 'PUT /rep7/new']);
    expect(b.range('/rep7/')).toEqual(a.range('/rep7/'));
    expect(b.revision()).toBe(a.revision());
    // And it keeps following.
    await a.txn({ success: [{ kind: 'put', key: '/rep7/after', value: 1 }] });
    await eventually(() => b.get('/rep7/after') !== undefined);
  });

  test('an unreachable etcd is a clear startup error', async () => {
    const started = Date.now();
    await expect(openEtcdStore({ endpoints: ['http://127.0.0.1:1'], dialTimeoutMs: 1000, log })).rejects.toThrow(
      /^cannot reach etcd at http:\/\/127\.0\.0\.1:1; start etcd or fix --etcd-endpoints/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

// --- etcd going away and coming back ----------------------------------------------------------
describe('etcd store: etcd restarts', () => {
  test('writes fail while etcd is down; the watch then resumes from the last revision it saw', async () => {
    let etcd = await startEtcd();
    const a = await openEtcdStore({ endpoints: [etcd.endpoint], prefix: '/rs/', dialTimeoutMs: 2000, requestTimeoutMs: 1000, log });
    try {
      const first = await a.txn({ success: [{ kind: 'put', key: '/rs/1', value: 1 }] });
      const seen: KvBatch[] = [];
      a.subscribe((x) => seen.push(x));
      await etcd.halt();
      await expect(a.txn({ success: [{ kind: 'put', key: '/rs/down', value: 1 }] })).rejects.toThrow(/etcd transaction failed/);
      etcd = await startEtcd({ restart: etcd });
      const t0 = Date.now();
      // Another replica writes while this one is still reconnecting.
      const other = await open(etcd.endpoint, '/rs/');
      const put = await other.txn({ success: [{ kind: 'put', key: '/rs/2', value: 2 }] });
      const del = await other.txn({ success: [{ kind: 'delete', key: '/rs/1' }] });
      await other.close();
      await eventually(() => a.revision() === del.revision, 15_000);
      const resumedMs = Date.now() - t0;
      expect(a.get('/rs/2')).toMatchObject({ value: 2, modRevision: put.revision });
      expect(a.get('/rs/1')).toBeUndefined();
      expect(seen.map((x) => x.revision)).toEqual([put.revision, del.revision]);
      expect(put.revision).toBe(first.revision + 1);
      await eventually(async () => (await a.txn({ success: [{ kind: 'put', key: '/rs/3', value: 3 }] }).then(() => true, () => false)), 15_000);
      expect(a.get('/rs/3')).toBeDefined();
      expect(resumedMs).toBeLessThan(15_000);
    } finally {
      await a.close();
      await etcd.stop();
    }
  });
});

// --- two servers on one etcd ------------------------------------------------------------------
describe('registry etcd: two servers sharing one etcd', () => {
  let etcd: EtcdProcess;
  const servers: RunningServer[] = [];
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await etcd?.stop();
  });

  test('a service and instance registered on one server are found on the other', async () => {
    const config = { ...DEFAULT_CONFIG, port: 0, host: '127.0.0.1', logLevel: 'silent' as const, registry: 'etcd' as const, etcdEndpoints: [etcd.endpoint] };
    const one = await startServer({ ...config, clusterName: 'default' }, { log });
    servers.push(one);
    const two = await startServer({ ...config, clusterName: 'default' }, { log });
    servers.push(two);
    const serviceName = uniqueName('etcdsvc');
    const serviceId = await createService(one.url, { serviceName, appId: 'etcdapp', version: '1.0.0' });
    const instanceId = await createInstance(one.url, serviceId, SAMPLE_INSTANCE);
    let found: string[] = [];
    await eventually(async () => {
      const r = await find(two.url, { appId: 'etcdapp', serviceName, version: '1.0.0' });
      found = (r.body.instances ?? []).map((i) => i.instanceId);
      return r.status === 200 && found.length > 0;
    });
    expect(found).toEqual([instanceId]);
    // A heartbeat on the other server renews the lease granted by the first.
    const hb = await fetch(`${two.url}/v4/default/registry/microservices/${serviceId}/instances/${instanceId}/heartbeat`, {
      method: 'PUT',
      headers: { 'X-Domain-Name': 'default' },
    });
    expect(hb.status).toBe(200);
    // An update on the other server (it checks the lease is alive), seen back on the first.
    const down = await fetch(`${two.url}/v4/default/registry/microservices/${serviceId}/instances/${instanceId}/status?value=DOWN`, {
      method: 'PUT',
      headers: { 'X-Domain-Name': 'default' },
    });
    expect(down.status).toBe(200);
    await eventually(async () => {
      const r = await find(one.url, { appId: 'etcdapp', serviceName, version: '1.0.0' });
      return (r.body.instances ?? []).some((i) => i.instanceId === instanceId && i.status === 'DOWN');
    });
    // Unregistering on the first server removes it from the second.
    const gone = await fetch(`${one.url}/v4/default/registry/microservices/${serviceId}/instances/${instanceId}`, {
      method: 'DELETE',
      headers: { 'X-Domain-Name': 'default' },
    });
    expect(gone.status).toBe(200);
    await eventually(async () => {
      const r = await find(two.url, { appId: 'etcdapp', serviceName, version: '1.0.0' });
      return (r.body.instances ?? []).length === 0;
    });
  });

  test('a server pointed at an etcd that is not there fails to start with a clear message', async () => {
    const config = { ...DEFAULT_CONFIG, port: 0, logLevel: 'silent' as const, registry: 'etcd' as const, etcdEndpoints: ['http://127.0.0.1:1'] };
    await expect(startServer(config, { log })).rejects.toThrow(/cannot reach etcd at http:\/\/127\.0\.0\.1:1; start etcd or fix --etcd-endpoints/);
  });
});
