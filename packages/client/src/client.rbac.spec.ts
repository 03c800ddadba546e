import { ServiceCenterClient } from './client';
import { isScClientError } from './errors';
import type { ClientEvent } from './events';
import { FetchLike, defaultFetch } from './transport/fetch-transport';
import { TestServer, api, eventually } from './__tests__/servers';

jest.setTimeout(30_000);

const ROOT_PASSWORD = 'Root_Pass1';
const DEV_PASSWORD = 'Dev_Pass12';
const HOUR = 3_600_000;

type Exchange = { method: string; url: string; auth: string | undefined; status: number };

/** node-fetch, recording each exchange with the Authorization it carried. */
function recordingFetch(log: Exchange[]): FetchLike {
  return async (url, init) => {
    const res = await defaultFetch(url, init);
    log.push({ method: init.method, url, auth: init.headers.Authorization, status: res.status });
    return res;
  };
}

const logins = (log: readonly Exchange[], server?: TestServer) =>
  log.filter((x) => x.url.endsWith('/v4/token') && (server === undefined || x.url.startsWith(server.url)));

async function rootToken(server: TestServer): Promise<string> {
  const r = await api(server.url, 'POST', '/v4/token', { name: 'root', password: ROOT_PASSWORD });
  return r.body.token as string;
}

/** A real server with Service-Center's RBAC on; its token clock is `clock` (the client gets the same one). */
async function rbacServer(clock: { now: number }): Promise<TestServer> {
  return TestServer.start({ rbacEnabled: true, rbacInitRootPassword: ROOT_PASSWORD }, { rbacNow: () => clock.now, heartbeatPingMs: 1000 });
}

describe('credentials against a real RBAC-enabled server', () => {
  const clock = { now: Date.now() };
  let server: TestServer;
  let other: TestServer;
  const clients: ServiceCenterClient[] = [];
  const client = (o: Partial<ConstructorParameters<typeof ServiceCenterClient>[0]> = {}) => {
    const c = new ServiceCenterClient({
      endpoints: [server.url],
      credentials: { account: 'root', password: ROOT_PASSWORD },
      now: () => clock.now,
      backoff: { baseMs: 20, maxMs: 200 },
      ...o,
    });
    clients.push(c);
    return c;
  };
  /** A call that needs a token (idempotent: the same service id each time). */
  const call = (c: ServiceCenterClient) => c.registerService({ appId: 'rbac', serviceName: 'orders', version: '1.0.0' });

  beforeAll(async () => {
    [server, other] = await Promise.all([rbacServer(clock), rbacServer(clock)]);
    const root = await rootToken(server);
    for (const name of ['dev', 'blocky']) {
      const r = await api(server.url, 'POST', '/v4/accounts', { name, password: DEV_PASSWORD, roles: ['developer'] }, { Authorization: `Bearer ${root}` });
      expect(r.status).toBe(200);
    }
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), other?.stop()]);
  });

  test('register, find, the websocket heartbeat and the watch all pass the guard with the token', async () => {
    const events: ClientEvent[] = [];
    const log: Exchange[] = [];
    const c = client({ credentials: { account: 'dev', password: DEV_PASSWORD }, fetch: recordingFetch(log), heartbeat: { mode: 'websocket', intervalMs: 60_000 }, onEvent: (e) => events.push(e) });
    const reg = await c.register({ service: { appId: 'rbac', serviceName: 'web', version: '1.0.0' }, instance: { endpoints: ['rest://10.8.0.1:80'] } });
    expect((await c.discover({ appId: 'rbac', serviceName: 'none' })).instances).toEqual([]);
    await eventually(() => events.find((e) => e.type === 'heartbeat-mode' && e.mode === 'websocket'), 5000, 'websocket heartbeat with a token');
    const handle = c.watch(reg.serviceId, () => undefined);
    await eventually(() => (handle.connected() ? true : undefined), 5000, 'watch with a token');
    expect(logins(log)).toHaveLength(1);
    expect(log.filter((x) => !x.url.endsWith('/v4/token')).every((x) => x.auth?.startsWith('Bearer ') && x.status !== 401)).toBe(true);

    // the guard is on: without credentials the same calls are refused
    const anonymous = client({ credentials: undefined });
    const err = await call(anonymous).catch((e: unknown) => e);
    expect(isScClientError(err) && [err.status, err.code]).toEqual([401, 401204]);
  });

  test('the token is replaced once 80 % of its 12 h life has passed, not before', async () => {
    const log: Exchange[] = [];
    const c = client({ fetch: recordingFetch(log), cache: { ttlMs: 0 } });
    await call(c);
    const first = log[1].auth;
    clock.now += 9 * HOUR; // 75 %
    await call(c);
    expect(logins(log)).toHaveLength(1);
    expect(log[log.length - 1].auth).toBe(first);
    clock.now += 1 * HOUR; // 83 %
    await call(c);
    expect(logins(log)).toHaveLength(2);
    expect(log[log.length - 1]).toMatchObject({ status: 200 });
    expect(log[log.length - 1].auth).not.toBe(first);
  });

  test('a 401 on a call (the server says the token expired): one new login, the call retried once', async () => {
    const log: Exchange[] = [];
    const serverClock = { now: clock.now };
    const s = await TestServer.start({ rbacEnabled: true, rbacInitRootPassword: ROOT_PASSWORD }, { rbacNow: () => serverClock.now });
    try {
      const c = client({ endpoints: [s.url], fetch: recordingFetch(log), cache: { ttlMs: 0 } });
      await call(c);
      serverClock.now += 13 * HOUR; // only the server's clock moves: the client still thinks the token is young
      await call(c);
      expect(log.map((x) => [x.url.endsWith('/v4/token') ? 'login' : 'call', x.status])).toEqual([
        ['login', 200],
        ['call', 200],
        ['call', 401],
        ['login', 200],
        ['call', 200],
      ]);
    } finally {
      await s.stop();
    }
  });

  test('a wrong password: one login, an error that says so, and no login loop', async () => {
    const log: Exchange[] = [];
    const c = client({ credentials: { account: 'dev', password: 'Wrong_Pass1' }, fetch: recordingFetch(log) });
    for (let i = 0; i < 3; i++) {
      const err = await call(c).catch((e: unknown) => e);
      expect(isScClientError(err) && err.code).toBe(401202);
      expect((err as Error).message).toContain('the password of account dev is wrong (or the account does not exist): check the credentials');
    }
    expect(logins(log)).toHaveLength(1);
    expect(log).toHaveLength(1);
  });

  test('a blocked account (403201): the error says to wait or ask an admin, and no login loop', async () => {
    for (let i = 0; i < 3; i++) await api(server.url, 'POST', '/v4/token', { name: 'blocky', password: 'Wrong_Pass1' });
    const log: Exchange[] = [];
    const c = client({ credentials: { account: 'blocky', password: DEV_PASSWORD }, fetch: recordingFetch(log) });
    for (let i = 0; i < 2; i++) {
      const err = await call(c).catch((e: unknown) => e);
      expect(isScClientError(err) && err.code).toBe(403201);
      expect((err as Error).message).toContain('account blocky is blocked after failed logins: wait until the lock is released');
    }
    expect(logins(log)).toHaveLength(1);
  });

  test('two servers, each with its own keys: one token per address, a login at the next one on failover', async () => {
    const log: Exchange[] = [];
    const c = client({ endpoints: [server.url, other.url], fetch: recordingFetch(log), cache: { ttlMs: 0 } });
    await call(c);
    const tokenAtFirst = log.find((x) => x.url.startsWith(server.url) && !x.url.endsWith('/v4/token'))?.auth;
    await server.down();
    try {
      await call(c);
    } finally {
      await server.up();
    }
    expect(logins(log, server)).toHaveLength(1);
    expect(logins(log, other)).toHaveLength(1);
    const atOther = log.filter((x) => x.url.startsWith(other.url) && !x.url.endsWith('/v4/token'));
    expect(atOther).toEqual([expect.objectContaining({ status: 200 })]);
    expect(atOther[0].auth).not.toBe(tokenAtFirst);
    // the first server's token means nothing to the second (its own key pair)
    expect((await api(other.url, 'GET', '/v4/default/registry/microservices', undefined, { Authorization: tokenAtFirst ?? '' })).status).toBe(401);
  });

  test('a server without RBAC (404 at /v4/token): no token is sent, and the login is not tried again', async () => {
    const plain = await TestServer.start();
    try {
      const log: Exchange[] = [];
      const c = client({ endpoints: [plain.url], fetch: recordingFetch(log), cache: { ttlMs: 0 } });
      await call(c);
      await call(c);
      expect(log.map((x) => [x.url.endsWith('/v4/token') ? 'login' : 'call', x.status, x.auth])).toEqual([
        ['login', 404, undefined],
        ['call', 200, undefined],
        ['call', 200, undefined],
      ]);
    } finally {
      await plain.stop();
    }
  });
});
