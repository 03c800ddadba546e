import WebSocket from 'ws';
import * as E from 'fp-ts/Either';
import { FailoverResponse, ReservedProperties, decodeJson } from '@service-center/core';
import { startTestServer } from '../__tests__/test-server';
import { call, createInstance, createService, eventually, find, uniqueName } from '../__tests__/instances-helpers';
import type { WireInstance } from '../__tests__/instances-helpers';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const base = '/v4/default/registry';
const FAST = { syncInterval: 1, peerTimeout: 1 } as const;
/** Leases of 2 s, expiries decided quickly; peers polled and staleness judged often. */
const OPTIONS = {
  instanceLimits: { minInterval: 1, minTimes: 1, quota: 1000 },
  leaseSweepMs: 100,
  selfPreservation: { windowMs: 200, tickMs: 50 },
  federation: { pollWaitMs: 500, tickMs: 100 },
} as const;

type Frame = Readonly<{ action: string; instance: WireInstance & { properties?: Record<string, string> } }>;

function watcher(url: string, consumerId: string) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${base}/microservices/${consumerId}/watcher`);
  const frames: Frame[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(String(d)) as Frame));
  return { ws, frames, opened: new Promise<void>((r) => ws.once('open', () => r())) };
}

const setStatus = (url: string, serviceId: string, instanceId: string, value: string) =>
  call(url, 'PUT', `${base}/microservices/${serviceId}/instances/${instanceId}/status?value=${value}`);

/** Plain find answers as a go-chassis-style client sees them: instance ids, with `rev` → 304. */
class RevClient {
  rev = '';
  ids: string[] = [];
  instances: (WireInstance & { properties?: Record<string, string> })[] = [];
  constructor(
    private readonly url: string,
    private readonly serviceName: string,
  ) {}

  async poll(): Promise<void> {
    const r = await find(this.url, { appId: 'app', serviceName: this.serviceName, ...(this.rev ? { rev: this.rev } : {}) });
    if (r.status === 304) return;
    expect(r.status).toBe(200);
    this.rev = r.headers.get('x-resource-revision') ?? '';
    this.instances = (r.body.instances ?? []) as typeof this.instances;
    this.ids = this.instances.map((i) => i.instanceId).sort();
  }

  /** Poll until the answer is `want`; resolves with how long it took. */
  async until(want: readonly string[], timeoutMs = 5000): Promise<number> {
    const start = Date.now();
    const expected = [...want].sort();
    await eventually(async () => {
      await this.poll();
      return JSON.stringify(this.ids) === JSON.stringify(expected);
    }, timeoutMs, 20);
    return Date.now() - start;
  }
}

async function failoverOf(url: string): Promise<FailoverResponse> {
  const r = await fetch(`${url}/v4/default/admin/failover`);
  expect(r.status).toBe(200);
  const decoded = decodeJson(FailoverResponse, await r.text());
  if (E.isLeft(decoded)) throw new Error(decoded.left.detail);
  return decoded.right;
}

describe('server-side failover of plain finds (three clusters)', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  async function threeClusters(failover: Record<string, unknown>) {
    const b = await startTestServer({ clusterName: 'b' }, OPTIONS);
    const c = await startTestServer({ clusterName: 'c' }, OPTIONS);
    servers.push(b, c);
    const peers = [
      { name: 'b', urls: [b.url] },
      { name: 'c', urls: [c.url] },
    ];
    const a = await startTestServer({ clusterName: 'a', clusters: peers, ...FAST, ...failover }, OPTIONS);
    servers.push(a);
    return { a, b, c };
  }

  test('local-first: DOWN and expiring local instances fail over in the configured order, and back on recovery', async () => {
    const { a, b, c } = await threeClusters({ failoverMode: 'local-first', failoverOrder: ['c', 'b'] });
    const name = uniqueName('fo');
    const ids: Record<string, { sid: string; iid: string }> = {};
    for (const [cluster, s] of Object.entries({ a, b, c })) {
      const sid = await createService(s.url, { serviceName: name });
      ids[cluster] = { sid, iid: await createInstance(s.url, sid, { hostName: `h-${cluster}`, endpoints: [`rest://${cluster}:80`] }) };
    }
    // A consumer at a watches the provider (a find with X-ConsumerId records the dependency).
    const consumer = await createService(a.url, { serviceName: uniqueName('consumer') });
    await find(a.url, { appId: 'app', serviceName: name }, { 'X-ConsumerId': consumer });
    const w = watcher(a.url, consumer);
    await w.opened;
    await eventually(async () => ((await find(a.url, { appId: 'app', serviceName: name, global: 'true' })).body.instances ?? []).length === 3, 10_000);

    const client = new RevClient(a.url, name);
    await client.poll();
    expect(client.ids).toEqual([ids.a.iid]);
    expect((await failoverOf(a.url)).services).toBeUndefined();

    // The local instance goes DOWN: c comes first in the order, and one cluster is enough.
    expect((await setStatus(a.url, ids.a.sid, ids.a.iid, 'DOWN')).status).toBe(200);
    const beforeRev = client.rev;
    const switchMs = await client.until([ids.a.iid, ids.c.iid]);
    expect(switchMs).toBeLessThan(1000);
    expect(client.rev).not.toBe(beforeRev);
    const remote = client.instances.find((i) => i.instanceId === ids.c.iid);
    expect(remote?.properties?.[ReservedProperties.origin]).toBe('c');
    expect(remote?.properties?.[ReservedProperties.failover]).toBe('true');
    const state = await failoverOf(a.url);
    expect(state).toMatchObject({ mode: 'local-first', minHealthy: '1', order: ['c', 'b'], spill: 'ordered' });
    expect(state.services).toEqual([expect.objectContaining({ serviceId: ids.a.sid, serviceName: name, clusters: ['c'], instances: 1 })]);
    await eventually(() => w.frames.some((f) => f.action === 'CREATE' && f.instance.instanceId === ids.c.iid));
    const created = w.frames.find((f) => f.action === 'CREATE' && f.instance.instanceId === ids.c.iid);
    expect(created?.instance.properties?.[ReservedProperties.failover]).toBe('true');

    // c has nothing UP either: the next cluster in the order.
    expect((await setStatus(c.url, ids.c.sid, ids.c.iid, 'DOWN')).status).toBe(200);
    await client.until([ids.a.iid, ids.b.iid]);
    expect((await failoverOf(a.url)).services?.[0]?.clusters).toEqual(['b']);

    // The local instance recovers: remote instances leave, watchers get DELETE.
    expect((await setStatus(a.url, ids.a.sid, ids.a.iid, 'UP')).status).toBe(200);
    expect(await client.until([ids.a.iid])).toBeLessThan(1000);
    expect((await failoverOf(a.url)).services).toBeUndefined();
    await eventually(() => w.frames.some((f) => f.action === 'DELETE' && f.instance.instanceId === ids.b.iid));
    expect(w.frames.find((f) => f.action === 'DELETE' && f.instance.instanceId === ids.b.iid)?.instance.properties?.[ReservedProperties.failover]).toBe('true');
    // Other clusters' own changes reach a's watchers only through failover.
    expect(w.frames.some((f) => f.instance.instanceId === ids.c.iid && f.action === 'UPDATE')).toBe(false);

    // A local instance whose lease expires: failover again (b, as c is still DOWN).
    const short = await createInstance(a.url, ids.a.sid, { hostName: 'short', endpoints: ['rest://a:81'], healthCheck: { mode: 'push', interval: 1, times: 1 } });
    expect((await setStatus(a.url, ids.a.sid, ids.a.iid, 'DOWN')).status).toBe(200);
    await client.until([ids.a.iid, short]);
    await client.until([ids.a.iid, ids.b.iid], 6000);

    // Metrics count both transitions.
    const metrics = await (await fetch(`${a.url}/metrics`)).text();
    expect(metrics).toMatch(/^sc_failover_services 1$/m);
    expect(metrics).toMatch(/^sc_failover_transitions_total\{direction="enter"\} 2$/m);
    expect(metrics).toMatch(/^sc_failover_transitions_total\{direction="leave"\} 1$/m);
    w.ws.terminate();
  }, 30_000);

  test('a dead cluster: its stale instances give way to a fresh cluster, and serve only when nothing fresh is UP', async () => {
    const { a, b, c } = await threeClusters({ failoverMode: 'local-first', failoverOrder: ['c', 'b'] });
    const name = uniqueName('dead');
    const ids: Record<string, { sid: string; iid: string }> = {};
    for (const [cluster, s] of Object.entries({ a, b, c })) {
      const sid = await createService(s.url, { serviceName: name });
      ids[cluster] = { sid, iid: await createInstance(s.url, sid, { hostName: `h-${cluster}`, endpoints: [`rest://${cluster}:80`] }) };
    }
    await eventually(async () => ((await find(a.url, { appId: 'app', serviceName: name, global: 'true' })).body.instances ?? []).length === 3, 10_000);
    expect((await setStatus(a.url, ids.a.sid, ids.a.iid, 'DOWN')).status).toBe(200);
    const client = new RevClient(a.url, name);
    await client.until([ids.a.iid, ids.c.iid]);

    servers.splice(servers.indexOf(c), 1);
    await c.stop(); // c's records stay at a, stale: b is fresh and next in the order
    await client.until([ids.a.iid, ids.b.iid], 10_000);
    expect(client.instances.find((i) => i.instanceId === ids.b.iid)?.properties?.[ReservedProperties.stale]).toBeUndefined();

    // Nothing fresh is UP any more: the stale instance of c is better than none.
    expect((await setStatus(b.url, ids.b.sid, ids.b.iid, 'DOWN')).status).toBe(200);
    await client.until([ids.a.iid, ids.c.iid]);
    expect(client.instances.find((i) => i.instanceId === ids.c.iid)?.properties?.[ReservedProperties.stale]).toBe('true');
  }, 30_000);

  test('off (the default) answers local instances only, as Service-Center', async () => {
    const { a, b } = await threeClusters({});
    const name = uniqueName('off');
    const sa = await createService(a.url, { serviceName: name });
    const ia = await createInstance(a.url, sa, { hostName: 'ha', endpoints: ['rest://a:80'] });
    const sb = await createService(b.url, { serviceName: name });
    await createInstance(b.url, sb, { hostName: 'hb', endpoints: ['rest://b:80'] });
    await eventually(async () => ((await find(a.url, { appId: 'app', serviceName: name, global: 'true' })).body.instances ?? []).length === 2, 10_000);
    expect((await setStatus(a.url, sa, ia, 'DOWN')).status).toBe(200);
    const client = new RevClient(a.url, name);
    await client.poll();
    expect(client.ids).toEqual([ia]);
    expect(await failoverOf(a.url)).toEqual({ mode: 'off', minHealthy: '1', order: [], spill: 'ordered' });
  }, 20_000);

  test('a share as the minimum: below 50% of all instances UP locally, every cluster is added with spill all', async () => {
    const { a, b, c } = await threeClusters({ failoverMode: 'local-first', failoverMinHealthy: '50%', failoverSpill: 'all' });
    const name = uniqueName('share');
    const sa = await createService(a.url, { serviceName: name });
    const local = [await createInstance(a.url, sa, { hostName: 'a1', endpoints: ['rest://a:1'] }), await createInstance(a.url, sa, { hostName: 'a2', endpoints: ['rest://a:2'] })];
    const remote: string[] = [];
    for (const s of [b, c]) {
      const sid = await createService(s.url, { serviceName: name });
      remote.push(await createInstance(s.url, sid, { hostName: `r-${s.config.clusterName}`, endpoints: [`rest://${s.config.clusterName}:1`] }));
    }
    await eventually(async () => ((await find(a.url, { appId: 'app', serviceName: name, global: 'true' })).body.instances ?? []).length === 4, 10_000);
    const client = new RevClient(a.url, name);
    await client.poll();
    expect(client.ids).toEqual([...local].sort()); // 2 of 4 UP locally: 50% met
    expect((await setStatus(a.url, sa, local[0], 'DOWN')).status).toBe(200);
    await client.until([...local, ...remote]);
  }, 20_000);
});
