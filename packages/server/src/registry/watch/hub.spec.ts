import WebSocket from 'ws';
import { startTestServer } from '../../__tests__/test-server';
import { call, createInstance, createService, eventually, find, uniqueName } from '../../__tests__/instances-helpers';

type Server = Awaited<ReturnType<typeof startTestServer>>;
type Frame = { action: string; key: Record<string, string>; instance: { instanceId: string; status: string } };
const base = '/v4/default/registry';

/** A websocket client that records text frames and how it closed. */
function connect(url: string, path: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${path}`, { headers });
  const texts: string[] = [];
  let closed: { code: number; reason: string } | undefined;
  ws.on('message', (data) => texts.push(String(data)));
  ws.on('close', (code, reason) => (closed = { code, reason: reason.toString() }));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    opened,
    texts,
    frames: () => texts.map((t) => JSON.parse(t) as Frame),
    closed: () => closed,
  };
}

describe('watch websocket', () => {
  let server: Server;
  let url: string;
  let providerName: string;
  let provider: string;
  let consumer: string;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer({}, { watch: { pingMs: 200, readDeadlineMs: 60_000 } });
    url = server.url;
  });
  afterAll(async () => {
    for (const s of sockets) s.terminate();
    await server.stop();
  });
  beforeEach(async () => {
    providerName = uniqueName('wp');
    provider = await createService(url, { serviceName: providerName, alias: `${providerName}-alias`, version: '1.2.3' });
    consumer = await createService(url, { serviceName: uniqueName('wc') });
  });

  const watch = (consumerId: string) => {
    const c = connect(url, `${base}/microservices/${consumerId}/watcher`);
    sockets.push(c.ws);
    return c;
  };

  test("a consumer gets CREATE, UPDATE and DELETE of its providers' instances", async () => {
    // The find makes the consumer depend on the provider (no instances yet: 200 without any).
    expect((await find(url, { appId: 'app', serviceName: providerName }, { 'X-ConsumerId': consumer })).status).toBe(200);
    const w = watch(consumer);
    await w.opened;
    const id = await createInstance(url, provider, { hostName: 'h' });
    await call(url, 'PUT', `${base}/microservices/${provider}/instances/${id}/status?value=DOWN`);
    await call(url, 'DELETE', `${base}/microservices/${provider}/instances/${id}`);
    await eventually(() => w.texts.length >= 3);
    const frames = w.frames();
    expect(frames.map((f) => f.action)).toEqual(['CREATE', 'UPDATE', 'DELETE']);
    expect(frames.map((f) => f.instance.instanceId)).toEqual([id, id, id]);
    expect(frames[1].instance.status).toBe('DOWN');
    expect(frames[2].instance.status).toBe('DOWN'); // DELETE carries the last value
    expect(frames[0].key).toEqual({
      tenant: 'default/default',
      appId: 'app',
      serviceName: providerName,
      alias: `${providerName}-alias`,
      version: '1.2.3',
    });
  });

  test('every version of a provider name reaches its consumers; others get nothing', async () => {
    await find(url, { appId: 'app', serviceName: providerName }, { 'X-ConsumerId': consumer });
    const v2 = await createService(url, { serviceName: providerName, version: '2.0.0' });
    const bystander = await createService(url, { serviceName: uniqueName('by') });
    const w = watch(consumer);
    const other = watch(bystander);
    await Promise.all([w.opened, other.opened]);
    const id = await createInstance(url, v2, { hostName: 'v2' });
    await eventually(() => w.texts.length >= 1);
    expect(w.frames()[0]).toMatchObject({ action: 'CREATE', key: { version: '2.0.0' }, instance: { instanceId: id } });
    await new Promise((r) => setTimeout(r, 100));
    expect(other.texts).toEqual([]);
  });

  test('an unknown consumer gets "service does not exist" and the socket closes', async () => {
    const w = watch('no-such-service');
    await w.opened;
    await eventually(() => w.closed() !== undefined);
    expect(w.texts).toEqual(['service does not exist']);
  });

  test('an empty serviceId gets "required the serviceID" and the socket closes', async () => {
    const w = watch('');
    await w.opened;
    await eventually(() => w.closed() !== undefined);
    expect(w.texts).toEqual(['required the serviceID']);
  });

  test('while the server pings, a consumer that is deleted ends the watch', async () => {
    const w = watch(consumer);
    await w.opened;
    expect((await call(url, 'DELETE', `${base}/microservices/${consumer}?force=true`)).status).toBe(200);
    await eventually(() => w.closed() !== undefined, 3000);
    expect(w.texts).toEqual([]);
  });

  test('the server pings a client that never pinged', async () => {
    const w = watch(consumer);
    await w.opened;
    let pings = 0;
    w.ws.on('ping', () => pings++);
    await eventually(() => pings >= 2, 3000);
  });

  test('once the client pings, the server answers Pong and stops pinging', async () => {
    const w = watch(consumer);
    await w.opened;
    let pongs = 0;
    let pings = 0;
    w.ws.on('pong', () => pongs++);
    w.ws.ping();
    await eventually(() => pongs === 1);
    w.ws.on('ping', () => pings++);
    await new Promise((r) => setTimeout(r, 600)); // three server ping periods
    expect(pings).toBe(0);
  });

  test('a plain GET (no upgrade) is 400, with the websocket version header', async () => {
    const r = await call(url, 'GET', `${base}/microservices/${consumer}/watcher`);
    expect(r.status).toBe(400);
    expect(r.headers.get('sec-websocket-version')).toBe('13');
  });

  test('an upgrade on an unknown path is refused', async () => {
    const c = connect(url, `${base}/nothing/here`);
    await expect(c.opened).rejects.toThrow(/404/);
  });
});

describe('watch read deadline', () => {
  test('a client that answers no ping within the read deadline is cut off', async () => {
    const server = await startTestServer({}, { watch: { pingMs: 100, readDeadlineMs: 400 } });
    try {
      const consumer = await createService(server.url, { serviceName: uniqueName('dl') });
      const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}${base}/microservices/${consumer}/watcher`, { autoPong: false });
      let closedAt = 0;
      ws.on('close', () => (closedAt = Date.now()));
      await new Promise<void>((r) => ws.once('open', () => r()));
      const openedAt = Date.now();
      await eventually(() => closedAt > 0, 3000);
      expect(closedAt - openedAt).toBeGreaterThanOrEqual(350);
    } finally {
      await server.stop();
    }
  });
});

describe('watch subscriber queue (bounded per subscriber)', () => {
  /** A watcher's picture of the provider's instances: events applied, a RESYNC answered by a re-list. */
  async function followedStatuses(serverUrl: string, w: ReturnType<typeof connect>, providerName: string, consumer: string, settled: (m: Map<string, string>) => boolean) {
    const model = new Map<string, string>();
    const relist = async () => {
      const r = await find(serverUrl, { appId: 'app', serviceName: providerName }, { 'X-ConsumerId': consumer });
      model.clear();
      for (const i of r.body.instances ?? []) model.set(i.instanceId ?? '', i.status ?? '');
    };
    await relist();
    let applied = 0;
    let resyncs = 0;
    await eventually(async () => {
      for (; applied < w.texts.length; applied++) {
        const f = JSON.parse(w.texts[applied]) as Frame;
        if (f.action === 'RESYNC') {
          resyncs++;
          await relist();
        } else if (f.action === 'DELETE') model.delete(f.instance.instanceId);
        else model.set(f.instance.instanceId, f.instance.status);
      }
      return settled(model);
    }, 20_000);
    return { model, resyncs };
  }

  test('a burst of changes beyond the queue: the watch stays open, gets RESYNC, and ends with the right instance set', async () => {
    const server = await startTestServer({}, { watch: { pingMs: 60_000, readDeadlineMs: 60_000, queueLimit: 50 } });
    try {
      const providerName = uniqueName('qp');
      const provider = await createService(server.url, { serviceName: providerName });
      const consumer = await createService(server.url, { serviceName: uniqueName('qc') });
      await find(server.url, { appId: 'app', serviceName: providerName }, { 'X-ConsumerId': consumer });
      const ids: string[] = [];
      for (let i = 0; i < 400; i++) ids.push(await createInstance(server.url, provider, { hostName: `h${i}`, properties: { burst: 'yes' } }));
      const w = connect(server.url, `${base}/microservices/${consumer}/watcher`);
      await w.opened;
      // One request changes all 400 instances: a burst of 400 UPDATEs, 8 times what the queue holds.
      const r = await call(server.url, 'PUT', `${base}/instances/status`, { body: { matches: { properties: { burst: 'yes' } }, status: 'DOWN' } });
      expect(r.status).toBe(200);
      const { model, resyncs } = await followedStatuses(server.url, w, providerName, consumer, (m) => m.size === 400 && [...m.values()].every((st) => st === 'DOWN'));
      expect(resyncs).toBeGreaterThanOrEqual(1);
      expect(w.closed()).toBeUndefined();
      expect([...model.keys()].sort()).toEqual([...ids].sort());
      // Fewer frames than changes: the overflow was folded into the RESYNC.
      expect(w.texts.length).toBeLessThan(400);
      const resync = w.frames().find((f) => f.action === 'RESYNC');
      expect(resync?.key).toMatchObject({ serviceName: providerName, appId: 'app' });
      w.ws.close();
    } finally {
      await server.stop();
    }
  });
});

describe('websocket tenant checks', () => {
  test("a domain with '/' or a %-encoded '/' in an id is refused with 400", async () => {
    const server = await startTestServer();
    try {
      const bad = [
        connect(server.url, `${base}/microservices/x/watcher`, { 'X-Domain-Name': 'a/b' }),
        connect(server.url, `${base}/microservices/a%2Fb/watcher`),
        connect(server.url, `${base}/microservices/x/instances/a%2Fb/heartbeat`),
        connect(server.url, `${base}/microservices/%E0%A4%A/watcher`),
      ];
      for (const c of bad) await expect(c.opened).rejects.toThrow(/400/);
    } finally {
      await server.stop();
    }
  });
});
