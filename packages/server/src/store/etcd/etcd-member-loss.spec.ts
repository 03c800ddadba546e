// Two server replicas over a 3-member etcd on loopback, losing etcd members and a replica to
// SIGKILL. The scenarios run in order on one cluster: each starts from the state the last left.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { Etcd3 } from 'etcd3';
import pino from 'pino';
import { DEFAULT_CONFIG } from '../../config/schema';
import { startServer, type RunningServer, type StartOptions } from '../../server';
import { EtcdCluster, startEtcdCluster } from '../../__tests__/etcd-process';
import { call, createInstance, createService, eventually, sleep, uniqueName } from '../../__tests__/instances-helpers';
import { SpawnedServer, spawnReplica, waitForListening } from '../../__tests__/spawn-server';

jest.setTimeout(30_000);

const APP = 'lossapp';
const REG = '/v4/default/registry';
/** Short instance leases (SC's minimums are 5 s × 3), and etcd calls that give up after 1.5 s. */
const HOOKS: Omit<StartOptions, 'log'> = { instanceLimits: { minInterval: 1, minTimes: 1 }, etcd: { requestTimeoutMs: 1500 } };
const OUTAGE_LINE = 'etcd is unavailable';

type Write = Readonly<{ at: number; status: number; errorCode?: string; detail?: string; serviceId?: string; serviceName: string }>;

/** Register one service; the answer as data (a refused write is an outcome here, not a failure). */
async function registerService(base: string): Promise<Write> {
  const serviceName = uniqueName('loss');
  type Answer = { serviceId?: string; errorCode?: string; detail?: string };
  const r = await call<Answer>(base, 'POST', `${REG}/microservices`, {
    body: { service: { appId: APP, serviceName, version: '1.0.0' } },
  }).catch(() => ({ status: 0, body: {} as Answer }));
  return { at: Date.now(), status: r.status, errorCode: r.body.errorCode, detail: r.body.detail, serviceId: r.body.serviceId, serviceName };
}

/** Write through both replicas, one after another, until stopped. */
function writeContinuously(bases: readonly string[]) {
  const writes: Write[] = [];
  let stopped = false;
  const loop = (async () => {
    for (let i = 0; !stopped; i++) writes.push(await registerService(bases[i % bases.length]));
  })();
  return {
    writes,
    async stop() {
      stopped = true;
      await loop;
      return writes;
    },
  };
}

/** A member's id and the leader it follows ('0': none), or undefined when it does not answer. */
async function memberStatus(endpoint: string): Promise<{ id: string; leader: string } | undefined> {
  const client = new Etcd3({ hosts: endpoint, dialTimeout: 500 });
  try {
    const s = await client.maintenance.status({ deadline: Date.now() + 500 });
    return { id: s.header.member_id, leader: s.leader };
  } catch {
    return undefined;
  } finally {
    client.close();
  }
}

/** Index of the member that is leader now, among the `alive` ones (undefined: none yet). */
async function leaderIndex(cluster: EtcdCluster, alive: readonly number[]): Promise<number | undefined> {
  const status = await Promise.all(alive.map((i) => memberStatus(cluster.endpoints[i])));
  const leader = status.find((s) => s !== undefined && s.leader !== '0')?.leader;
  const k = status.findIndex((s) => s?.id === leader);
  return k < 0 ? undefined : alive[k];
}

type Beat = Readonly<{ at: number; status: number; errorCode?: string }>;

/** A client heartbeating one instance every 400 ms, each time through the next of `targets`. */
function heartbeatContinuously(serviceId: string, instanceId: string, targets: string[]) {
  const beats: Beat[] = [];
  let stopped = false;
  const loop = (async () => {
    for (let i = 0; !stopped; i++) {
      const base = targets[i % targets.length];
      const r = await call<{ errorCode?: string }>(base, 'PUT', `${REG}/microservices/${serviceId}/instances/${instanceId}/heartbeat`).catch(() => ({
        status: 0,
        body: {} as { errorCode?: string },
      }));
      beats.push({ at: Date.now(), status: r.status, errorCode: r.body?.errorCode });
      await sleep(400);
    }
  })();
  return {
    beats,
    targets,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

function logLines(lines: readonly string[], text: string): number {
  return lines.filter((l) => l.includes(text)).length;
}

describe('etcd store: two replicas over a 3-member etcd losing members', () => {
  let cluster: EtcdCluster;
  let a: SpawnedServer;
  let aUrl: string;
  let b: RunningServer;
  const bLog: string[] = [];
  const acked: Write[] = [];
  const killed = new Set<number>();
  const figures: Record<string, number> = {};
  const aDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-replica-'));
  /** An instance with a 2 s lease whose client heartbeats through both replicas throughout. */
  let survivor: { serviceId: string; instanceId: string; beats: ReturnType<typeof heartbeatContinuously> };

  beforeAll(async () => {
    cluster = await startEtcdCluster({ heartbeatMs: 50, electionMs: 500 });
    const config = { registry: 'etcd' as const, etcdEndpoints: [...cluster.endpoints] };
    a = spawnReplica({ ...config, dataDir: aDir }, HOOKS);
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        bLog.push(...chunk.toString().split('\n').filter((l) => l !== ''));
        done();
      },
    });
    b = await startServer({ ...DEFAULT_CONFIG, port: 0, host: '127.0.0.1', ...config }, { ...HOOKS, log: pino({ level: 'info' }, sink) });
    aUrl = await waitForListening(a);
    const serviceId = await createService(b.url, { serviceName: uniqueName('survivor'), appId: APP });
    const instanceId = await createInstance(b.url, serviceId, {
      hostName: 'survivor',
      endpoints: ['rest://127.0.0.1:7000'],
      status: 'UP',
      healthCheck: { mode: 'push', interval: 1, times: 1 },
    });
    survivor = { serviceId, instanceId, beats: heartbeatContinuously(serviceId, instanceId, [aUrl, b.url]) };
  });

  afterAll(async () => {
    await survivor?.beats.stop().catch(() => undefined);
    a?.proc.kill('SIGKILL');
    await b?.close().catch(() => undefined);
    await cluster?.stop();
    fs.rmSync(aDir, { recursive: true, force: true });
    // The figures the README quotes.
    process.stdout.write(`etcd member loss figures: ${JSON.stringify(figures)}\n`);
  });

  test('kill one member (the leader): writes continue after the election, no acknowledged write lost', async () => {
    const linesBefore = { a: logLines(a.output().split('\n'), OUTAGE_LINE), b: logLines(bLog, OUTAGE_LINE) };
    const writer = writeContinuously([aUrl, b.url]);
    await eventually(() => writer.writes.filter((w) => w.status === 200).length >= 10, 10_000);
    let leader: number | undefined;
    await eventually(async () => (leader = await leaderIndex(cluster, [0, 1, 2])) !== undefined, 10_000);
    if (leader === undefined) throw new Error('no leader');
    const killedAt = Date.now();
    await cluster.members[leader].kill();
    killed.add(leader);
    const rest = [0, 1, 2].filter((i) => i !== leader);
    let newLeader: number | undefined;
    await eventually(async () => (newLeader = await leaderIndex(cluster, rest)) !== undefined, 10_000, 20);
    figures.electionMs = Date.now() - killedAt;
    await eventually(() => writer.writes.some((w) => w.at > killedAt + figures.electionMs && w.status === 200), 10_000);
    await sleep(1000);
    const writes = await writer.stop();
    const afterKill = writes.filter((w) => w.at > killedAt);
    // The longest time without an acknowledged write, from the last one before the kill on.
    const okTimes = writes.filter((w) => w.status === 200).map((w) => w.at);
    const from = okTimes.filter((t) => t <= killedAt).length - 1;
    figures.longestWriteGapMs = Math.max(...okTimes.slice(Math.max(from, 0) + 1).map((t, i) => t - okTimes[Math.max(from, 0) + i]));
    figures.failedWritesAroundKill = afterKill.filter((w) => w.status !== 200).length;
    // After the election every write is acknowledged (the last second of writing).
    const settled = writes.filter((w) => w.at > Date.now() - 1000);
    expect(settled.length).toBeGreaterThan(0);
    expect(settled.filter((w) => w.status !== 200)).toEqual([]);
    expect(newLeader).not.toBe(leader);
    const beats = survivor.beats.beats.filter((x) => x.at > killedAt);
    figures.failedHeartbeatsAroundKill = beats.filter((x) => x.status !== 200).length;
    expect(beats.filter((x) => x.at > Date.now() - 1000).every((x) => x.status === 200)).toBe(true);
    // Every acknowledged write is there, at both replicas.
    const ok = writes.filter((w) => w.status === 200);
    acked.push(...ok);
    for (const base of [aUrl, b.url]) {
      const r = await call<{ services?: { serviceId: string }[] }>(base, 'GET', `${REG}/microservices`);
      const present = new Set((r.body.services ?? []).map((s) => s.serviceId));
      expect(ok.filter((w) => !present.has(w.serviceId!))).toEqual([]);
    }
    // With a quorum left, no replica reports etcd unavailable.
    expect(logLines(a.output().split('\n'), OUTAGE_LINE) - linesBefore.a).toBe(0);
    expect(logLines(bLog, OUTAGE_LINE) - linesBefore.b).toBe(0);
    // A write that failed was refused as SC does, never left hanging or crashed.
    for (const w of writes.filter((x) => x.status !== 200)) expect(w).toMatchObject({ status: 500, errorCode: '500011' });
  });

  test('kill two: writes fail with 500011 and one log line, reads keep serving, no crash', async () => {
    const alive = [0, 1, 2].filter((i) => cluster.members[i].pid > 0 && !killed.has(i));
    const second = alive[0];
    await cluster.members[second].kill();
    killed.add(second);
    const linesBefore = { a: logLines(a.output().split('\n'), OUTAGE_LINE), b: logLines(bLog, OUTAGE_LINE) };
    const started = Date.now();
    const refused: Write[] = [];
    for (let i = 0; i < 4; i++) refused.push(await registerService(i % 2 === 0 ? aUrl : b.url));
    figures.refusedWriteMs = Math.round((Date.now() - started) / refused.length);
    expect(refused.map((w) => [w.status, w.errorCode])).toEqual(refused.map(() => [500, '500011']));
    expect(refused[0].detail).toMatch(/^register service failed: etcd is unavailable/);
    // One line per replica for the outage, not one per failed call.
    expect(logLines(a.output().split('\n'), OUTAGE_LINE) - linesBefore.a).toBe(1);
    expect(logLines(bLog, OUTAGE_LINE) - linesBefore.b).toBe(1);
    expect(bLog.filter((l) => l.includes('store call failed'))).toEqual([]);
    // Reads are served from each replica's copy: the services written before are all there.
    for (const base of [aUrl, b.url]) {
      const r = await call<{ services?: { serviceId: string }[] }>(base, 'GET', `${REG}/microservices`);
      expect(r.status).toBe(200);
      const present = new Set((r.body.services ?? []).map((x) => x.serviceId));
      expect(acked.filter((w) => !present.has(w.serviceId!))).toEqual([]);
      const one = await call(base, 'GET', `${REG}/microservices/${acked[0].serviceId}`);
      expect(one.status).toBe(200);
    }
    // Heartbeats are refused as well; no lease ends while etcd has no leader.
    const since = Date.now();
    await eventually(() => survivor.beats.beats.filter((x) => x.at > since).length >= 2, 10_000);
    expect(survivor.beats.beats.filter((x) => x.at > since).map((x) => [x.status, x.errorCode])).toContainEqual([500, '500011']);
    const listed = await call<{ instances?: { instanceId: string }[] }>(b.url, 'GET', `${REG}/microservices/${survivor.serviceId}/instances`);
    expect(listed.body.instances?.map((i) => i.instanceId)).toEqual([survivor.instanceId]);
    expect(a.proc.exitCode).toBeNull();
  });

  test('bring them back: writes resume within seconds, without restarting the servers', async () => {
    const back = [...killed];
    const t0 = Date.now();
    const restarting = Promise.all(back.map((i) => cluster.restart(i)));
    const resumed: Record<string, number> = {};
    await Promise.all(
      [['a', aUrl], ['b', b.url]].map(async ([name, base]) => {
        await eventually(async () => (await registerService(base)).status === 200, 20_000, 100);
        resumed[name] = Date.now() - t0;
      }),
    );
    await restarting;
    killed.clear();
    figures.quorumBackMs = Date.now() - t0;
    figures.writesResumeMsA = resumed.a;
    figures.writesResumeMsB = resumed.b;
    expect(Math.max(resumed.a, resumed.b)).toBeLessThan(10_000);
    // Each replica says so once; replica A is another process, whose log reaches us a moment later.
    await eventually(() => logLines(a.output().split('\n'), 'etcd is available again') >= 1, 10_000);
    await eventually(() => logLines(bLog, 'etcd is available again') >= 1, 10_000);
    // The instance whose heartbeats failed throughout the outage is still registered: the new
    // leader renewed every lease; its heartbeats succeed again.
    const resumedAt = Date.now();
    await eventually(() => survivor.beats.beats.some((x) => x.at > resumedAt && x.status === 200), 15_000); // generous: the next beat after a backoff, on a busy machine
    for (const base of [aUrl, b.url]) {
      const listed = await call<{ instances?: { instanceId: string }[] }>(base, 'GET', `${REG}/microservices/${survivor.serviceId}/instances`);
      expect(listed.body.instances?.map((i) => i.instanceId)).toEqual([survivor.instanceId]);
    }
    // Each replica sees the other's writes again (the watches followed).
    const w = await registerService(aUrl);
    expect(w.status).toBe(200);
    await eventually(async () => (await call(b.url, 'GET', `${REG}/microservices/${w.serviceId}`)).status === 200, 5000);
  });

  test("kill a server replica: the other serves everything, the dead one's instances expire by their own leases", async () => {
    const serviceId = await createService(aUrl, { serviceName: uniqueName('lossinst'), appId: APP });
    const instance = (times: number) => ({ hostName: `h${times}`, endpoints: [`rest://127.0.0.1:${8000 + times}`], status: 'UP', healthCheck: { mode: 'push', interval: 1, times } });
    // Leases of 2, 5 and 8 s (interval × (times + 1)), farther apart than self-preservation's 2 s window.
    const ttls = [2, 5, 8];
    const registered: { id: string; ttlMs: number; at: number }[] = [];
    for (const ttl of ttls) registered.push({ id: await createInstance(aUrl, serviceId, instance(ttl - 1)), ttlMs: ttl * 1000, at: Date.now() });
    const kept = await createInstance(aUrl, serviceId, instance(1));
    const heartbeat = (base: string, id: string) => call(base, 'PUT', `${REG}/microservices/${serviceId}/instances/${id}/heartbeat`);
    await eventually(async () => (await call<{ instances?: unknown[] }>(b.url, 'GET', `${REG}/microservices/${serviceId}/instances`)).body.instances?.length === 4);
    survivor.beats.targets.splice(0, survivor.beats.targets.length, b.url);
    a.proc.kill('SIGKILL');
    await a.exited;
    const killedAt = Date.now();
    // The kept instance's client heartbeats the surviving replica, which renews the lease the dead one granted.
    const gone = new Map<string, number>();
    const deadline = killedAt + 15_000;
    while (gone.size < registered.length && Date.now() < deadline) {
      expect((await heartbeat(b.url, kept)).status).toBe(200);
      const r = await call<{ instances?: { instanceId: string }[] }>(b.url, 'GET', `${REG}/microservices/${serviceId}/instances`);
      expect(r.status).toBe(200);
      const ids = new Set((r.body.instances ?? []).map((i) => i.instanceId));
      for (const x of registered) if (!ids.has(x.id) && !gone.has(x.id)) gone.set(x.id, Date.now());
      expect(ids.has(kept)).toBe(true);
      await sleep(100);
    }
    const lived = registered.map((x) => (gone.get(x.id) ?? Infinity) - x.at);
    registered.forEach((x, i) => (figures[`instanceTtl${ttls[i]}sGoneAfterMs`] = lived[i]));
    for (const [i, x] of registered.entries()) {
      // Not before its lease ends; after it within etcd's expiry check and self-preservation's window.
      expect(lived[i]).toBeGreaterThanOrEqual(x.ttlMs - 200);
      expect(lived[i]).toBeLessThan(x.ttlMs + 3500);
    }
    // One by one, not all at once.
    const goneAt = registered.map((x) => gone.get(x.id)!);
    expect(goneAt[1] - goneAt[0]).toBeGreaterThan(1500);
    expect(goneAt[2] - goneAt[1]).toBeGreaterThan(1500);
    // The survivor serves what the dead replica wrote, and takes writes.
    expect((await call(b.url, 'GET', `${REG}/microservices/${serviceId}`)).status).toBe(200);
    expect((await call(b.url, 'GET', `${REG}/microservices/${acked[0].serviceId}`)).status).toBe(200);
    expect((await registerService(b.url)).status).toBe(200);
  });
});
