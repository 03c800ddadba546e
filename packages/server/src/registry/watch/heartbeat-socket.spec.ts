import WebSocket from 'ws';
import { startTestServer } from '../../__tests__/test-server';
import { call, createInstance, createService, eventually, sleep, uniqueName } from '../../__tests__/instances-helpers';
import { heartbeatPingMs } from './heartbeat-socket';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const base = '/v4/default/registry';

function open(url: string, path: string) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${path}`);
  let closed: { code: number; reason: string } | undefined;
  ws.on('close', (code, reason) => (closed = { code, reason: reason.toString() }));
  return { ws, closed: () => closed };
}

describe('heartbeat websocket', () => {
  let server: Server;
  let url: string;
  let sid: string;

  beforeAll(async () => {
    // Leases of 2 s (interval 1 x (times 1 + 1)), a ping every second, expiries published fast.
    server = await startTestServer(
      {},
      {
        instanceLimits: { minInterval: 1, minTimes: 1 },
        heartbeatPingMs: 1000,
        leaseSweepMs: 100,
        selfPreservation: { windowMs: 200, tickMs: 50 },
      },
    );
    url = server.url;
    sid = await createService(url, { serviceName: uniqueName('hbws') });
  });
  afterAll(async () => {
    await server.stop();
  });

  const short = { hostName: 'h', healthCheck: { mode: 'push', interval: 1, times: 1 } };
  const exists = async (id: string) => (await call(url, 'GET', `${base}/microservices/${sid}/instances/${id}`)).status === 200;

  test('an unknown instance is closed with 4001 and the reason text', async () => {
    const c = open(url, `${base}/microservices/${sid}/instances/nope/heartbeat`);
    await eventually(() => c.closed() !== undefined);
    expect(c.closed()).toEqual({ code: 4001, reason: 'heartbeat reporting failed because the instance does not exist' });
  });

  test('each Pong renews the lease, so the instance outlives its TTL; when it goes the socket closes with 4001', async () => {
    const id = await createInstance(url, sid, short);
    const c = open(url, `${base}/microservices/${sid}/instances/${id}/heartbeat`);
    await sleep(3500); // well past the 2 s TTL
    expect(await exists(id)).toBe(true);
    expect(c.closed()).toBeUndefined();
    await call(url, 'DELETE', `${base}/microservices/${sid}/instances/${id}`);
    await eventually(() => c.closed() !== undefined, 3000);
    expect(c.closed()?.code).toBe(4001);
  }, 10_000);

  test('without a heartbeat the same instance expires', async () => {
    const id = await createInstance(url, sid, short);
    await eventually(async () => !(await exists(id)), 4000, 100);
  }, 10_000);

  test('a plain GET on the heartbeat route is 400', async () => {
    const id = await createInstance(url, sid, { hostName: 'x' });
    expect((await call(url, 'GET', `${base}/microservices/${sid}/instances/${id}/heartbeat`)).status).toBe(400);
  });

  test('the ping interval is kept within 1 s .. 1 h, else 30 s', () => {
    expect(heartbeatPingMs(undefined)).toBe(30_000);
    expect(heartbeatPingMs(999)).toBe(30_000);
    expect(heartbeatPingMs(1000)).toBe(1000);
    expect(heartbeatPingMs(3_600_001)).toBe(30_000);
  });
});
