import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ServiceCenterClient } from '../client';
import { isScClientError } from '../errors';

/**
 * A stand-in that implements only `POST /v4/token` (JWTs whose `exp` follows the test's clock)
 * and one find route that takes the tokens it issued: enough to prove when the client logs in.
 */
class TokenStandIn {
  readonly logins: string[] = [];
  /** Authorization header of each find, with the status it got. */
  readonly calls: { auth: string | undefined; status: number }[] = [];
  /** Authorization header of each websocket upgrade (all refused with 401). */
  readonly upgrades: (string | undefined)[] = [];
  readonly valid = new Set<string>();
  /** What `/v4/token` answers: a token, or this status and SC error code. */
  login: 'token' | { status: number; code: string } = 'token';
  lifeSec = 100;
  /** False: a server without RBAC, which takes any call. */
  rbac = true;
  private issued = 0;

  private constructor(
    private readonly server: http.Server,
    private readonly clock: { now: number },
  ) {}

  static async start(clock: { now: number }): Promise<TokenStandIn> {
    const srv = http.createServer();
    const stand = new TokenStandIn(srv, clock);
    srv.on('request', (req, res) => stand.handle(req, res));
    srv.on('upgrade', (req: http.IncomingMessage, socket: Duplex) => {
      stand.upgrades.push(req.headers.authorization);
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    return stand;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  revokeAll(): void {
    this.valid.clear();
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (req.url === '/v4/token' && req.method === 'POST') {
        this.logins.push(body);
        if (this.login !== 'token') return send(this.login.status, { errorCode: this.login.code, errorMessage: 'refused', detail: '' });
        const token = this.issue();
        this.valid.add(token);
        return send(200, { token });
      }
      const auth = req.headers.authorization;
      const ok = !this.rbac || (auth !== undefined && this.valid.has(auth.replace(/^Bearer /, '')));
      this.calls.push({ auth, status: ok ? 200 : 401 });
      if (!ok) return send(401, { errorCode: '401201', errorMessage: 'Request unauthorized', detail: '' });
      send(200, { instances: [] });
    });
  }

  private issue(): string {
    const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    this.issued += 1;
    const exp = Math.floor(this.clock.now / 1000) + this.lifeSec;
    return `${part({ alg: 'none' })}.${part({ account: 'app', iss: this.url, n: this.issued, exp })}.sig`;
  }
}

describe('credentials: one token per address, refreshed at 80 % of its life and after a 401', () => {
  const clock = { now: Date.UTC(2026, 0, 1) };
  let a: TokenStandIn;
  let b: TokenStandIn;
  const clients: ServiceCenterClient[] = [];
  const client = (endpoints: string[]) => {
    const c = new ServiceCenterClient({ endpoints, credentials: { account: 'app', password: 'Secret-123' }, now: () => clock.now, backoff: { baseMs: 1, maxMs: 1 } });
    clients.push(c);
    return c;
  };
  const find = (c: ServiceCenterClient) => c.findInstances({ appId: 'shop', serviceName: 'orders' });

  beforeEach(async () => {
    [a, b] = await Promise.all([TokenStandIn.start(clock), TokenStandIn.start(clock)]);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all([a.stop(), b.stop()]);
  });

  test('logs in once with SC\'s body, sends the bearer, and replaces the token only after 80 % of its life', async () => {
    const c = client([a.url]);
    await find(c);
    expect(a.logins).toEqual([JSON.stringify({ name: 'app', password: 'Secret-123' })]);
    const first = a.calls[0].auth;
    expect(first).toMatch(/^Bearer [^.]+\.[^.]+\.sig$/);

    clock.now += 79_000; // 79 % of 100 s
    await find(c);
    expect(a.logins).toHaveLength(1);
    expect(a.calls[1].auth).toBe(first);

    clock.now += 2_000; // 81 %
    await find(c);
    expect(a.logins).toHaveLength(2);
    expect(a.calls[2].auth).not.toBe(first);
    expect(a.calls.map((x) => x.status)).toEqual([200, 200, 200]);
  });

  test('a 401 on a call: logs in again and retries that call once', async () => {
    const c = client([a.url]);
    await find(c);
    a.revokeAll(); // e.g. the server restarted with a new key
    await find(c);
    expect(a.logins).toHaveLength(2);
    expect(a.calls.map((x) => x.status)).toEqual([200, 401, 200]);
  });

  test('a server that keeps answering 401: the call is retried once, then the 401 reaches the caller', async () => {
    const c = client([a.url]);
    a.valid.add = () => a.valid; // takes no token it issued
    const err = await find(c).catch((e: unknown) => e);
    expect(isScClientError(err) && err.status).toBe(401);
    expect(a.calls.map((x) => x.status)).toEqual([401, 401]);
    expect(a.logins).toHaveLength(2);
  });

  test.each([
    [401, '401202', 'the password of account app is wrong (or the account does not exist): check the credentials'],
    [403, '403201', 'account app is blocked after failed logins: wait until the lock is released (15 minutes by default) or ask an admin to delete the lock'],
  ])('a login answered %i (%s) is not retried in a loop; the error says what to do', async (status, code, says) => {
    const c = client([a.url]);
    a.login = { status, code };
    for (let i = 0; i < 3; i++) {
      const err = await find(c).catch((e: unknown) => e);
      expect(isScClientError(err) && err.code).toBe(Number(code));
      expect((err as Error).message).toContain(says);
    }
    expect(a.logins).toHaveLength(1);
    expect(a.calls).toEqual([]);

    clock.now += 15 * 60_000; // SC releases a lock after 15 minutes: one more try then
    a.login = 'token';
    await find(c);
    expect(a.logins).toHaveLength(2);
  });

  test('a 404 at /v4/token means no RBAC: no token is sent, and no login is tried again', async () => {
    const c = client([a.url]);
    a.login = { status: 404, code: '404001' };
    a.rbac = false;
    await find(c);
    await find(c);
    expect(a.logins).toHaveLength(1);
    expect(a.calls.map((x) => x.auth)).toEqual([undefined, undefined]);
  });

  test('a websocket upgrade carries the bearer; an upgrade refused with 401 is retried with a new token', async () => {
    const c = client([a.url]);
    c.watch('consumer-1', () => undefined);
    const until = Date.now() + 5000;
    while (a.upgrades.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(a.upgrades.length).toBeGreaterThanOrEqual(2);
    expect(a.upgrades[0]).toMatch(/^Bearer /);
    expect(a.upgrades[1]).toMatch(/^Bearer /);
    expect(a.upgrades[1]).not.toBe(a.upgrades[0]);
    expect(a.logins.length).toBeGreaterThanOrEqual(2);
  });

  test('two addresses: each gets its own token, and failing over logs in at the next one', async () => {
    const c = client([a.url, b.url]);
    await find(c);
    const tokenA = a.calls[0].auth;
    await a.stop();
    await find(c);
    expect(b.logins).toHaveLength(1);
    expect(b.calls).toHaveLength(1);
    expect(b.calls[0]).toMatchObject({ status: 200 });
    expect(b.calls[0].auth).not.toBe(tokenA);
    a = await TokenStandIn.start(clock); // for afterEach
  });
});
