import { isScClientError } from '../errors';
import { TestServer, deadAddress } from '../__tests__/servers';
import { EndpointPool, FailoverTransport } from './failover';
import { defaultFetch } from './fetch-transport';

describe('EndpointPool', () => {
  let now = 0;
  const pool = () => new EndpointPool(['http://a', 'http://b', 'http://c'], { now: () => now, random: () => 0.5, backoff: { baseMs: 100, maxMs: 1000 } });

  test('healthy addresses first, in order; a failed one is skipped until its backoff passed', () => {
    const p = pool();
    expect(p.candidates()).toEqual(['http://a', 'http://b', 'http://c']);
    p.markFailure('http://a', 'refused');
    expect(p.candidates()).toEqual(['http://b', 'http://c']);
    now = 99;
    expect(p.candidates()).toEqual(['http://b', 'http://c']);
    now = 100;
    expect(p.candidates()).toEqual(['http://b', 'http://c', 'http://a']);
    expect(p.health()[0]).toMatchObject({ url: 'http://a', healthy: false, failures: 1, retryAt: 100, lastError: 'refused' });
  });

  test('the backoff grows with each failure and is capped', () => {
    const p = pool();
    now = 0;
    p.markFailure('http://a', 'x');
    p.markFailure('http://a', 'x');
    p.markFailure('http://a', 'x');
    expect(p.health()[0].retryAt).toBe(400);
    for (let i = 0; i < 10; i++) p.markFailure('http://a', 'x');
    expect(p.health()[0].retryAt).toBe(1000);
  });

  test('the address that answered last is tried first (the client stays where it works)', () => {
    const p = pool();
    p.markSuccess('http://c');
    expect(p.candidates()).toEqual(['http://c', 'http://a', 'http://b']);
  });

  test('reports addresses going down and coming back', () => {
    const changes: string[] = [];
    const p = new EndpointPool(['http://a'], { onChange: (u, ok) => changes.push(`${u} ${ok ? 'up' : 'down'}`) });
    p.markFailure('http://a', 'x');
    p.markFailure('http://a', 'x');
    p.markSuccess('http://a');
    expect(changes).toEqual(['http://a down', 'http://a up']);
  });
});

describe('FailoverTransport against real servers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(async () => {
    await server.stop();
  });

  const transport = (urls: string[]) =>
    new FailoverTransport(new EndpointPool(urls, { backoff: { baseMs: 60_000, maxMs: 60_000 } }), {
      fetch: defaultFetch,
      timeoutMs: 2000,
      headers: {},
    });

  test('the first address is down: the request goes to the next one, and the dead one is skipped afterwards', async () => {
    const dead = await deadAddress();
    const t = transport([dead, server.url]);
    const r = await t.send({ method: 'GET', path: '/v4/default/registry/version' });
    expect(r.status).toBe(200);
    expect(r.endpoint).toBe(server.url);
    expect(t.pool.health()[0]).toMatchObject({ url: dead, healthy: false, failures: 1 });
    expect(t.pool.candidates()).toEqual([server.url]);
    const again = await t.send({ method: 'GET', path: '/v4/default/registry/version' });
    expect(again.endpoint).toBe(server.url);
    expect(t.pool.health()[0].failures).toBe(1); // not tried again while backing off
  });

  test('every address down: a network error naming each address', async () => {
    const [a, b] = [await deadAddress(), await deadAddress()];
    const t = transport([a, b]);
    const err = await t.send({ method: 'GET', path: '/version' }).catch((e: unknown) => e);
    expect(isScClientError(err) && err.kind).toBe('network');
    expect((err as Error).message).toContain(`cannot reach service center at ${a}, ${b}`);
    expect((err as Error).message).toContain('ECONNREFUSED');
    // both now back off: the next call fails at once, without a request
    const fast = await t.send({ method: 'GET', path: '/version' }).catch((e: unknown) => e);
    expect((fast as Error).message).toMatch(/every address failed lately/);
  });

  test('an HTTP error answer is an answer: no failover', async () => {
    const t = transport([server.url, await deadAddress()]);
    const r = await t.send({ method: 'GET', path: '/v4/default/registry/microservices/nope' });
    expect(r.status).toBe(400);
    expect(t.pool.health().every((h) => h.healthy)).toBe(true);
  });

  test('a server that does not answer in time is a timeout', async () => {
    const slow: typeof defaultFetch = (url, init) =>
      new Promise((_resolve, reject) => init.signal.addEventListener('abort', () => reject(new Error('aborted'))));
    const t = new FailoverTransport(new EndpointPool([server.url]), { fetch: slow, timeoutMs: 50, headers: {} });
    const err = await t.send({ method: 'GET', path: '/version' }).catch((e: unknown) => e);
    expect(isScClientError(err) && err.kind).toBe('timeout');
    expect((err as Error).message).toContain('no answer within 50 ms');
  });
});
