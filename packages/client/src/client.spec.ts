import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WatchEvent } from '@service-center/core';
import { ServiceCenterClient } from './client';
import { isScClientError } from './errors';
import type { ClientEvent } from './events';
import { closeOnSignal } from './shutdown';
import { FetchLike, defaultFetch } from './transport/fetch-transport';
import { TestServer, api, deadAddress, eventually, registerInstance, registerService } from './__tests__/servers';

jest.setTimeout(20_000);

type Exchange = { method: string; url: string; status: number };

/** node-fetch, recording each exchange. */
function recordingFetch(log: Exchange[]): FetchLike {
  return async (url, init) => {
    const res = await defaultFetch(url, init);
    log.push({ method: init.method, url, status: res.status });
    return res;
  };
}

const FAST = { baseMs: 20, maxMs: 200 } as const;

async function instanceStatus(base: string, serviceId: string, instanceId: string): Promise<number> {
  return (await api(base, 'GET', `/v4/default/registry/microservices/${serviceId}/instances/${instanceId}`)).status;
}

describe('ServiceCenterClient against a real server', () => {
  let server: TestServer;
  const clients: ServiceCenterClient[] = [];
  const client = (o: Partial<ConstructorParameters<typeof ServiceCenterClient>[0]> = {}) => {
    const c = new ServiceCenterClient({ endpoints: [server.url], backoff: FAST, heartbeat: { intervalMs: 100 }, ...o });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await TestServer.start({}, { heartbeatPingMs: 1000 });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await server.stop();
  });

  test('register() registers the service and an instance, heartbeats it, and close() unregisters it', async () => {
    const log: Exchange[] = [];
    const events: ClientEvent[] = [];
    const c = client({ fetch: recordingFetch(log), onEvent: (e) => events.push(e) });
    const reg = await c.register({
      service: { appId: 'shop', serviceName: 'orders', version: '1.0.0' },
      instance: { hostName: 'orders-1', endpoints: ['rest://10.0.0.1:8080'] },
    });
    expect(reg.serviceId).toHaveLength(40);
    expect(reg.instanceId).toMatch(/^[0-9a-f]{32}$/);
    expect(c.registration).toEqual(reg);
    const got = await api(server.url, 'GET', `/v4/default/registry/microservices/${reg.serviceId}/instances/${reg.instanceId}`);
    expect(got.body.instance).toMatchObject({ hostName: 'orders-1', endpoints: ['rest://10.0.0.1:8080'], status: 'UP' });
    await eventually(() => (log.filter((x) => x.method === 'PUT' && x.url.endsWith('/heartbeat') && x.status === 200).length >= 2 ? true : undefined), 3000, 'two heartbeats');
    // registering the same service again is idempotent
    expect(await c.registerService({ appId: 'shop', serviceName: 'orders', version: '1.0.0' })).toBe(reg.serviceId);

    await c.close();
    expect(await instanceStatus(server.url, reg.serviceId, reg.instanceId)).toBe(400);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['registered', 'unregistered']));
    const afterClose = await c.findInstances({ appId: 'shop', serviceName: 'orders' }).catch((e: unknown) => e);
    expect(isScClientError(afterClose) && afterClose.kind).toBe('closed');
  });

  test('registers again, under the same instance id, when the server says the instance is gone (400017)', async () => {
    const events: ClientEvent[] = [];
    const c = client({ onEvent: (e) => events.push(e) });
    const reg = await c.register({ service: { appId: 'shop', serviceName: 'payments', version: '1.0.0' }, instance: { endpoints: ['rest://10.0.0.2:80'] } });
    const del = await api(server.url, 'DELETE', `/v4/default/registry/microservices/${reg.serviceId}/instances/${reg.instanceId}`);
    expect(del.status).toBe(200);
    const again = await eventually(() => events.find((e) => e.type === 'reregistered'), 3000, 're-registration');
    expect(again).toMatchObject({ type: 'reregistered', serviceId: reg.serviceId, instanceId: reg.instanceId });
    expect((again as { reason: string }).reason).toContain('400017');
    expect(await instanceStatus(server.url, reg.serviceId, reg.instanceId)).toBe(200);
  });

  test('findInstances sends the last revision as rev and reuses the cached answer on 304', async () => {
    const sid = await registerService(server.url, { appId: 'rev', serviceName: 'catalog', version: '1.0.0' });
    const first = await registerInstance(server.url, sid, { hostName: 'c1', endpoints: ['rest://10.1.0.1:80'] });
    const log: Exchange[] = [];
    const c = client({ fetch: recordingFetch(log) });
    const q = { appId: 'rev', serviceName: 'catalog', version: '0+' };

    const r1 = await c.findInstances(q);
    expect(r1.notModified).toBe(false);
    expect(r1.instances.map((i) => i.instanceId)).toEqual([first]);
    expect(r1.revision).toMatch(/\S/);
    expect(log[0].url).not.toContain('rev=');

    const r2 = await c.findInstances(q);
    expect(r2).toMatchObject({ notModified: true, revision: r1.revision });
    expect(r2.instances).toEqual(r1.instances);
    expect(log[1]).toMatchObject({ status: 304 });
    expect(log[1].url).toContain(`rev=${r1.revision}`);

    const second = await registerInstance(server.url, sid, { hostName: 'c2', endpoints: ['rest://10.1.0.2:80'] });
    const r3 = await c.findInstances(q);
    expect(r3.notModified).toBe(false);
    expect(r3.revision).not.toBe(r1.revision);
    expect(r3.instances.map((i) => i.instanceId).sort()).toEqual([first, second].sort());
    expect(log[2]).toMatchObject({ status: 200 });
  });

  test('domain and project select the tenant (X-Domain-Name and the path); the token is sent as a bearer', async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const spy: FetchLike = (url, init) => {
      seen.push({ url, headers: init.headers });
      return defaultFetch(url, init);
    };
    const c = client({ domain: 'acme', project: 'team1', token: 't0k3n', fetch: spy });
    const reg = await c.register({ service: { appId: 'shop', serviceName: 'tenanted', version: '1.0.0' }, instance: { endpoints: ['rest://10.7.0.1:80'] } });
    const path = `/v4/team1/registry/microservices/${reg.serviceId}/instances/${reg.instanceId}`;
    expect((await api(server.url, 'GET', path, undefined, { 'X-Domain-Name': 'acme' })).status).toBe(200);
    expect((await api(server.url, 'GET', path)).status).toBe(400); // not in default/team1
    expect((await api(server.url, 'GET', `/v4/default/registry/microservices/${reg.serviceId}/instances/${reg.instanceId}`, undefined, { 'X-Domain-Name': 'acme' })).status).toBe(400);
    const found = await c.discover({ appId: 'shop', serviceName: 'tenanted' });
    expect(found.instances.map((d) => d.instance.instanceId)).toEqual([reg.instanceId]);
    expect(seen.every((x) => x.url.startsWith(`${server.url}/v4/team1/`))).toBe(true);
    expect(seen[0].headers).toMatchObject({ 'X-Domain-Name': 'acme', Authorization: 'Bearer t0k3n' });
  });

  test('errors are typed and carry the SC error code', async () => {
    const c = client();
    const missing = await c.findInstances({ appId: 'nope', serviceName: 'nothing' }).catch((e: unknown) => e);
    expect(isScClientError(missing)).toBe(true);
    expect(missing).toMatchObject({ kind: 'sc-error', code: 400012, status: 400, endpoint: server.url });
    const badInstance = await c.registerInstance('no-such-service', { hostName: 'h' }).catch((e: unknown) => e);
    expect(badInstance).toMatchObject({ kind: 'sc-error', code: 400012 });
    const invalid = await c.registerService({ serviceName: 'bad name!' }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ kind: 'sc-error', code: 400001 });
    expect((invalid as Error).message).toContain('400001 Invalid parameter(s)');
  });

  test('discover serves UP instances only, and holds a non-empty answer until an empty one is confirmed', async () => {
    const sid = await registerService(server.url, { appId: 'disc', serviceName: 'stock', version: '1.0.0' });
    const up = await registerInstance(server.url, sid, { hostName: 'up', endpoints: ['rest://10.2.0.1:80'] });
    const down = await registerInstance(server.url, sid, { hostName: 'down', status: 'DOWN', endpoints: ['rest://10.2.0.2:80'] });
    const events: ClientEvent[] = [];
    const c = client({ cache: { ttlMs: 0, emptyConfirmations: 3 }, onEvent: (e) => events.push(e) });
    const q = { appId: 'disc', serviceName: 'stock' };

    const d1 = await c.discover(q);
    expect(d1.instances.map((d) => d.instance.instanceId)).toEqual([up]);
    expect(d1).toMatchObject({ fromCache: false, outage: undefined, emptyAnswerHeld: false, staleOnly: false });

    for (const id of [up, down]) expect((await api(server.url, 'DELETE', `/v4/default/registry/microservices/${sid}/instances/${id}`)).status).toBe(200);
    const d2 = await c.discover(q);
    expect(d2.instances.map((d) => d.instance.instanceId)).toEqual([up]);
    expect(d2.emptyAnswerHeld).toBe(true);
    expect(events.filter((e) => e.type === 'empty-answer-held')).toHaveLength(1);
    const d3 = await c.discover(q);
    expect(d3.instances).toHaveLength(1);
    const d4 = await c.discover(q); // the third empty answer in a row confirms it
    expect(d4.instances).toEqual([]);
    expect(d4.emptyAnswerHeld).toBe(false);
  });

  test('discover answers from the cache while it is fresh, without asking the server', async () => {
    const sid = await registerService(server.url, { appId: 'ttl', serviceName: 'cart', version: '1.0.0' });
    await registerInstance(server.url, sid, { hostName: 'h', endpoints: ['rest://10.3.0.1:80'] });
    const log: Exchange[] = [];
    const c = client({ fetch: recordingFetch(log), cache: { ttlMs: 60_000 } });
    const a = await c.discover({ appId: 'ttl', serviceName: 'cart' });
    const b = await c.discover({ appId: 'ttl', serviceName: 'cart' });
    expect(a.fromCache).toBe(false);
    expect(b).toMatchObject({ fromCache: true, outage: undefined });
    expect(b.instances).toEqual(a.instances);
    expect(log.filter((x) => x.url.includes('/registry/instances?'))).toHaveLength(1);
  });

  test('fails over when the first endpoint is down, and remembers it is down', async () => {
    const dead = await deadAddress();
    const events: ClientEvent[] = [];
    const c = client({ endpoints: [dead, server.url], onEvent: (e) => events.push(e), backoff: { baseMs: 60_000, maxMs: 60_000 } });
    const reg = await c.register({ service: { appId: 'fo', serviceName: 'search', version: '1.0.0' }, instance: { endpoints: ['rest://10.4.0.1:80'] } });
    expect(await instanceStatus(server.url, reg.serviceId, reg.instanceId)).toBe(200);
    const d = await c.discover({ appId: 'fo', serviceName: 'search' });
    expect(d.instances.map((x) => x.instance.instanceId)).toEqual([reg.instanceId]);
    const [first, second] = c.endpoints();
    expect(first).toMatchObject({ url: dead, healthy: false, failures: 1 });
    expect(first.lastError).toContain('ECONNREFUSED');
    expect(second).toMatchObject({ url: server.url, healthy: true });
    expect(events).toContainEqual(expect.objectContaining({ type: 'endpoint-down', endpoint: dead }));
  });

  test('uses the websocket heartbeat where the server offers it, and registers again on close 4001', async () => {
    const events: ClientEvent[] = [];
    const log: Exchange[] = [];
    const c = client({ heartbeat: { mode: 'websocket', intervalMs: 60_000 }, fetch: recordingFetch(log), onEvent: (e) => events.push(e) });
    const reg = await c.register({ service: { appId: 'ws', serviceName: 'ledger', version: '1.0.0' }, instance: { endpoints: ['rest://10.5.0.1:80'] } });
    await eventually(() => events.find((e) => e.type === 'heartbeat-mode' && e.mode === 'websocket'), 3000, 'websocket heartbeat');
    await api(server.url, 'DELETE', `/v4/default/registry/microservices/${reg.serviceId}/instances/${reg.instanceId}`);
    // the server pings every second; the Pong finds no instance -> close 4001 -> register again
    await eventually(() => events.find((e) => e.type === 'reregistered'), 5000, 're-registration after 4001');
    expect(await instanceStatus(server.url, reg.serviceId, reg.instanceId)).toBe(200);
    expect(log.filter((x) => x.method === 'PUT' && x.url.endsWith('/heartbeat'))).toEqual([]);
  });

  test('falls back to HTTP heartbeats when the server refuses the websocket upgrade', async () => {
    // A proxy that forwards HTTP to the real server and answers every upgrade with 404.
    const proxy = http.createServer((req, res) => {
      const up = http.request(`${server.url}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    proxy.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const events: ClientEvent[] = [];
      const log: Exchange[] = [];
      const c = client({ endpoints: [url], heartbeat: { mode: 'websocket', intervalMs: 100 }, fetch: recordingFetch(log), onEvent: (e) => events.push(e) });
      await c.register({ service: { appId: 'ws', serviceName: 'legacy', version: '1.0.0' }, instance: { endpoints: ['rest://10.5.0.2:80'] } });
      const fallback = await eventually(() => events.find((e) => e.type === 'heartbeat-mode'), 3000, 'fallback');
      expect(fallback).toMatchObject({ mode: 'http', reason: 'websocket upgrade answered 404' });
      await eventually(() => (log.some((x) => x.method === 'PUT' && x.url.endsWith('/heartbeat') && x.status === 200) ? true : undefined), 3000, 'HTTP heartbeat');
      await c.close();
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  });

  test('closeOnSignal: SIGTERM closes the client (unregistering the instance), then exits', async () => {
    const c = client();
    const reg = await c.register({ service: { appId: 'sig', serviceName: 'worker', version: '1.0.0' }, instance: { endpoints: ['rest://10.6.0.1:80'] } });
    const proc = Object.assign(new EventEmitter(), { exit: jest.fn() });
    closeOnSignal(c, { process: proc as unknown as Pick<NodeJS.Process, 'once' | 'off' | 'exit'> });
    proc.emit('SIGTERM');
    await eventually(() => (proc.exit.mock.calls.length > 0 ? true : undefined), 3000, 'exit');
    expect(proc.exit).toHaveBeenCalledWith(0);
    expect(await instanceStatus(server.url, reg.serviceId, reg.instanceId)).toBe(400);
    expect(proc.listenerCount('SIGINT')).toBe(0);
  });

  test('a watch on a consumer the server does not know ends with an SC error', async () => {
    const errors: unknown[] = [];
    const events: ClientEvent[] = [];
    const c = client({ onEvent: (e) => events.push(e) });
    c.watch('no-such-consumer', () => undefined, { onError: (e) => errors.push(e) });
    await eventually(() => (errors.length > 0 ? true : undefined), 3000, 'watch error');
    expect(errors[0]).toMatchObject({ kind: 'sc-error', code: 400012, detail: 'service does not exist' });
    expect(events).toContainEqual({ type: 'watch-stopped', consumerId: 'no-such-consumer', reason: 'service does not exist' });
  });
});

describe('ServiceCenterClient through server outages and restarts', () => {
  let server: TestServer;
  let c: ServiceCenterClient;
  const events: ClientEvent[] = [];
  const watched: WatchEvent[] = [];
  let providerId: string;
  let consumer: { serviceId: string; instanceId: string };

  beforeAll(async () => {
    server = await TestServer.start();
    providerId = await registerService(server.url, { appId: 'mall', serviceName: 'orders', version: '1.0.0' });
    c = new ServiceCenterClient({
      endpoints: [server.url],
      backoff: FAST,
      heartbeat: { intervalMs: 100 },
      cache: { ttlMs: 0 },
      onEvent: (e) => events.push(e),
    });
    consumer = await c.register({ service: { appId: 'mall', serviceName: 'web', version: '1.0.0' }, instance: { endpoints: ['rest://10.9.0.1:80'] } });
  });
  afterAll(async () => {
    await c.close();
    await server.stop();
  });

  test('watch delivers CREATE, UPDATE and DELETE of the providers the consumer found, after revalidating the cache', async () => {
    const q = { appId: 'mall', serviceName: 'orders' };
    expect((await c.discover(q)).instances).toEqual([]); // also records web -> orders (X-ConsumerId)
    const handle = c.watch(consumer.serviceId, (e) => watched.push(e));
    await eventually(() => (handle.connected() ? true : undefined), 3000, 'watch connected');

    const iid = await registerInstance(server.url, providerId, { hostName: 'o1', endpoints: ['rest://10.9.1.1:80'] });
    const created = await eventually(() => watched.find((e) => e.action === 'CREATE'), 3000, 'CREATE event');
    expect(created.key).toMatchObject({ appId: 'mall', serviceName: 'orders', version: '1.0.0' });
    expect(created.instance).toMatchObject({ instanceId: iid, hostName: 'o1' });
    expect((await c.discover(q)).instances.map((d) => d.instance.instanceId)).toEqual([iid]);

    await api(server.url, 'PUT', `/v4/default/registry/microservices/${providerId}/instances/${iid}/status?value=DOWN`);
    const updated = await eventually(() => watched.find((e) => e.action === 'UPDATE'), 3000, 'UPDATE event');
    expect(updated.instance?.status).toBe('DOWN');
    expect((await c.discover(q)).instances).toEqual([]); // DOWN: not served

    await api(server.url, 'DELETE', `/v4/default/registry/microservices/${providerId}/instances/${iid}`);
    const deleted = await eventually(() => watched.find((e) => e.action === 'DELETE'), 3000, 'DELETE event');
    expect(deleted.instance?.instanceId).toBe(iid);
  });

  test('while the server is down: cached answers (saying so); after the restart: the watch reconnects and the client is still registered', async () => {
    const q = { appId: 'mall', serviceName: 'orders' };
    const iid = await registerInstance(server.url, providerId, { hostName: 'o2', endpoints: ['rest://10.9.1.2:80'] });
    const live = await c.discover(q);
    expect(live).toMatchObject({ fromCache: false, outage: undefined });
    expect(live.instances.map((d) => d.instance.instanceId)).toEqual([iid]);

    await server.down();
    const cached = await c.discover(q);
    expect(cached.fromCache).toBe(true);
    expect(cached.outage).toMatchObject({ kind: 'network', endpoint: server.url });
    expect(cached.outage?.message).toContain(`cannot reach service center at ${server.url}`);
    expect(cached.instances.map((d) => d.instance.instanceId)).toEqual([iid]);
    expect(cached.confirmedAt).toBe(live.confirmedAt);
    expect(events).toContainEqual(expect.objectContaining({ type: 'serving-cache' }));
    expect(c.endpoints()[0].healthy).toBe(false);
    await eventually(() => events.find((e) => e.type === 'watch-disconnected'), 3000, 'watch disconnected');

    const connectedBefore = events.filter((e) => e.type === 'watch-connected').length;
    await server.up();
    const back = await eventually(async () => {
      const d = await c.discover(q);
      return d.fromCache ? undefined : d;
    }, 5000, 'live answers again');
    expect(back.instances.map((d) => d.instance.instanceId)).toEqual([iid]);
    await eventually(() => (events.filter((e) => e.type === 'watch-connected').length > connectedBefore ? true : undefined), 5000, 'watch reconnected');
    const iid2 = await registerInstance(server.url, providerId, { hostName: 'o3', endpoints: ['rest://10.9.1.3:80'] });
    await eventually(() => watched.find((e) => e.action === 'CREATE' && e.instance?.instanceId === iid2), 3000, 'event after reconnect');
    await eventually(async () => ((await instanceStatus(server.url, consumer.serviceId, consumer.instanceId)) === 200 ? true : undefined), 5000, 'consumer registered');
  });

  test('a restart that lost every record: the client registers its service and instance again', async () => {
    const before = events.filter((e) => e.type === 'reregistered').length;
    await server.restart({ wipe: true });
    await eventually(() => (events.filter((e) => e.type === 'reregistered').length > before ? true : undefined), 5000, 're-registration');
    await eventually(async () => ((await instanceStatus(server.url, consumer.serviceId, consumer.instanceId)) === 200 ? true : undefined), 5000, 're-registered');
    expect(c.registration).toEqual(consumer);
    expect(events.filter((e) => e.type === 'reregistered').pop()).toMatchObject({ serviceId: consumer.serviceId, instanceId: consumer.instanceId });
    // the wiped server knows the service again, under the same (key-derived) id
    const svc = await api(server.url, 'GET', `/v4/default/registry/microservices/${consumer.serviceId}`);
    expect(svc.body.service).toMatchObject({ appId: 'mall', serviceName: 'web' });
  });
});
