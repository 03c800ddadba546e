// Two server replicas over a 3-member etcd on loopback, losing etcd members and a replica to
// SIGKILL. The scenarios run in order on one cluster: each starts from the state the last left.
import { Writable } from 'node:stream';
import { Etcd3 } from 'etcd3';
import pino from 'pino';
import { DEFAULT_CONFIG } from '../../config/schema';
import { startServer, type RunningServer, type StartOptions } from '../../server';
import { EtcdCluster, startEtcdCluster } from '../../__tests__/etcd-process';
import { call, createInstance, createService, eventually, find, sleep, uniqueName } from '../../__tests__/instances-helpers';
import { SpawnedServer, spawnReplica, waitForListening } from '../../__tests__/spawn-server';

jest.setTimeout(30_000);

const APP = 'lossapp';
const REG = '/v4/default/registry';
/** Short instance leases (SC's minimums are 5 s × 3), and etcd calls that give up after 1.5 s. */
const HOOKS: Omit<StartOptions, 'log'> = { instanceLimits: { minInterval: 1, minTimes: 1 }, etcd: { requestTimeoutMs: 1500 } };
const OUTAGE_LINE = 'etcd is unavailable';

type Write = Readonly<{ at: number; status: number; errorCode?: string; serviceId?: string; serviceName: string }>;

/** Register one service; the answer as data (a refused write is an outcome here, not a failure). */
async function registerService(base: string): Promise<Write> {
  const serviceName = uniqueName('loss');
  const r = await call<{ serviceId?: string; errorCode?: string }>(base, 'POST', `${REG}/microservices`, {
    body: { service: { appId: APP, serviceName, version: '1.0.0' } },
  }).catch(() => ({ status: 0, body: {} as { serviceId?: string; errorCode?: string } }));
  return { at: Date.now(), status: r.status, errorCode: r.body.errorCode, serviceId: r.body.serviceId, serviceName };
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
    const s = await client.maintenance.status({}, { deadline: Date.now() + 500 });
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
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    cluster = await startEtcdCluster({ heartbeatMs: 50, electionMs: 500 });
    const config = { registry: 'etcd' as const, etcdEndpoints: [...cluster.endpoints] };
    a = spawnReplica(config, HOOKS);
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        bLog.push(...chunk.toString().split('\n').filter((l) => l !== ''));
        done();
      },
    });
    b = await startServer({ ...DEFAULT_CONFIG, port: 0, host: '127.0.0.1', ...config }, { ...HOOKS, log: pino({ level: 'info' }, sink) });
    aUrl = await waitForListening(a);
  });

  afterAll(async () => {
    a?.proc.kill('SIGKILL');
    await b?.close();
    await cluster?.stop();
    // The figures the README quotes.
    process.stdout.write(`etcd member loss figures: ${JSON.stringify(figures)}\n`);
  });

  test('kill one member (the leader): writes continue after the election, no acknowledged write lost', async () => {
    const writer = writeContinuously([aUrl, b.url]);
    await eventually(() => writer.writes.filter((w) => w.status === 200).length >= 10, 10_000);
    const leader = (await leaderIndex(cluster, [0, 1, 2])) ?? 0;
    const killedAt = Date.now();
    await cluster.members[leader].kill();
    const rest = [0, 1, 2].filter((i) => i !== leader);
    let newLeader: number | undefined;
    await eventually(async () => (newLeader = await leaderIndex(cluster, rest)) !== undefined, 10_000, 20);
    figures.electionMs = Date.now() - killedAt;
    await eventually(() => writer.writes.some((w) => w.at > killedAt + figures.electionMs && w.status === 200), 10_000);
    await sleep(1000);
    const writes = await writer.stop();
    const afterKill = writes.filter((w) => w.at > killedAt);
    const firstOk = afterKill.find((w) => w.status === 200);
    figures.firstWriteAfterKillMs = (firstOk?.at ?? Infinity) - killedAt;
    figures.failedWritesAroundKill = afterKill.filter((w) => w.status !== 200).length;
    // After the election every write is acknowledged (the last second of writing).
    const settled = writes.filter((w) => w.at > Date.now() - 1000);
    expect(settled.length).toBeGreaterThan(0);
    expect(settled.filter((w) => w.status !== 200)).toEqual([]);
    expect(newLeader).not.toBe(leader);
    // Every acknowledged write is there, at both replicas.
    const ok = writes.filter((w) => w.status === 200);
    acked.push(...ok);
    for (const base of [aUrl, b.url]) {
      const r = await call<{ services?: { serviceId: string }[] }>(base, 'GET', `${REG}/microservices`);
      const present = new Set((r.body.services ?? []).map((s) => s.serviceId));
      expect(ok.filter((w) => !present.has(w.serviceId!))).toEqual([]);
    }
    // A write that failed was refused as SC does, never left hanging or crashed.
    for (const w of writes.filter((x) => x.status !== 200)) expect(w).toMatchObject({ status: 500, errorCode: '500011' });
  });
});
