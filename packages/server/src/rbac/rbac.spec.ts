// RBAC over HTTP with a real server: Service-Center 2.x codes, shapes and routes (cari rbac, SC server/service/rbac).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import * as jose from 'jose';
import WebSocket from 'ws';
import { startTestServer } from '../__tests__/test-server';
import { FakeClock } from '../__tests__/fake-clock';
import { REG, Reply, TestServer, call, errorCodeOf } from '../__tests__/services-client';
import { eventually } from '../__tests__/instances-helpers';

const ROOT_PASSWORD = 'Root_Pass1';
const DEV_PASSWORD = 'Dev_Pass12';

function rbacConfig(extra: Record<string, unknown> = {}) {
  return { rbacEnabled: true, rbacInitRootPassword: ROOT_PASSWORD, ...extra };
}

async function tokenOf(server: TestServer, name: string, password: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await call(server, 'POST', '/v4/token', { body: { name, password, ...extra } });
  if (r.status !== 200) throw new Error(`login ${name}: ${r.status} ${r.text}`);
  return (r.json as { token: string }).token;
}

function as(token: string): { headers: Record<string, string> } {
  return { headers: { Authorization: `Bearer ${token}` } };
}

async function authed(server: TestServer, token: string, method: string, p: string, body?: unknown): Promise<Reply> {
  return call(server, method, p, { ...as(token), body });
}

function service(appId: string, serviceName: string) {
  return { service: { appId, serviceName, version: '1.0.0' } };
}

describe('RBAC off (the default)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  test('/v4/token and the account routes answer 404, as unknown routes do (clients detect RBAC this way)', async () => {
    for (const [method, p] of [['POST', '/v4/token'], ['GET', '/v4/accounts'], ['GET', '/v4/roles'], ['GET', '/v4/self-perms']] as const) {
      const r = await call(server, method, p, { body: method === 'POST' ? { name: 'root', password: 'x' } : undefined });
      expect(r.status).toBe(404);
      expect(errorCodeOf(r)).toBe('404001');
    }
  });

  test('requests need no token', async () => {
    expect((await call(server, 'GET', `${REG}/microservices`)).status).toBe(200);
  });
});

describe('RBAC on', () => {
  let server: TestServer;
  let root: string;
  const clock = new FakeClock(Date.now());

  beforeAll(async () => {
    server = await startTestServer(rbacConfig(), { rbacNow: clock.now });
    root = await tokenOf(server, 'root', ROOT_PASSWORD);
  });
  afterAll(() => server.stop());

  test("java-chassis' login shape gets an RS512 token with account, roles and a 12h exp", async () => {
    const r = await call(server, 'POST', '/v4/token', { body: { name: 'root', password: ROOT_PASSWORD } });
    expect(r.status).toBe(200);
    expect(Object.keys(r.json as object)).toEqual(['token']);
    const token = (r.json as { token: string }).token;
    expect(jose.decodeProtectedHeader(token).alg).toBe('RS512');
    const claims = jose.decodeJwt(token);
    expect(claims).toMatchObject({ account: 'root', roles: ['admin'] });
    expect(claims.exp).toBe(Math.floor((clock.now() + 12 * 3_600_000) / 1000));
  });

  test('tokenExpirationTime is honoured within 15m..24h and refused outside it', async () => {
    const t = await tokenOf(server, 'root', ROOT_PASSWORD, { tokenExpirationTime: '30m' });
    expect(jose.decodeJwt(t).exp).toBe(Math.floor((clock.now() + 30 * 60_000) / 1000));
    const r = await call(server, 'POST', '/v4/token', { body: { name: 'root', password: ROOT_PASSWORD, tokenExpirationTime: '25h' } });
    expect(r.status).toBe(400);
    expect(errorCodeOf(r)).toBe('400001');
  });

  test('white list: version and health need no token', async () => {
    for (const p of ['/version', '/health', `${REG}/version`, `${REG}/health`, '/v1/syncer/health']) {
      const r = await call(server, 'GET', p);
      // /v1/syncer/health answers 500 without peers, as Service-Center: what matters is no 401
      expect([p, r.status]).toEqual([p, p === '/v1/syncer/health' ? 500 : 200]);
    }
  });

  test('no Authorization header: 401204', async () => {
    const r = await call(server, 'GET', `${REG}/microservices`);
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ errorCode: '401204', errorMessage: 'No authorization header' });
  });

  test('a malformed header or a bad token: 401201; the scheme word is not checked', async () => {
    for (const h of ['Bearer', 'Bearer a b', 'Bearer not.a.jwt']) {
      const r = await call(server, 'GET', `${REG}/microservices`, { headers: { Authorization: h } });
      expect(r.status).toBe(401);
      expect(errorCodeOf(r)).toBe('401201');
    }
    expect((await call(server, 'GET', `${REG}/microservices`, { headers: { Authorization: `Token ${root}` } })).status).toBe(200);
  });

  test('a token signed by another key: 401201', async () => {
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await new jose.SignJWT({ account: 'root', roles: ['admin'] }).setProtectedHeader({ alg: 'RS512' }).setExpirationTime('1h').sign(privateKey);
    expect(errorCodeOf(await authed(server, forged, 'GET', `${REG}/microservices`))).toBe('401201');
  });

  test('an expired token signed by the same key: 401205', async () => {
    const key = crypto.createPrivateKey(fs.readFileSync(path.join(server.dataDir, 'rbac_private.pem')));
    const expired = await new jose.SignJWT({ account: 'root', roles: ['admin'] })
      .setProtectedHeader({ alg: 'RS512' })
      .setExpirationTime(Math.floor(clock.now() / 1000) - 60)
      .sign(key);
    const r = await authed(server, expired, 'GET', `${REG}/microservices`);
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ errorCode: '401205', errorMessage: 'Token is expired' });
  });

  test('a developer may register a service and an instance but not create accounts (403205)', async () => {
    expect((await authed(server, root, 'POST', '/v4/accounts', { name: 'dev1', password: DEV_PASSWORD, roles: ['developer'] })).status).toBe(200);
    const dev = await tokenOf(server, 'dev1', DEV_PASSWORD);
    const refused = await authed(server, dev, 'POST', '/v4/accounts', { name: 'dev2', password: DEV_PASSWORD, roles: ['developer'] });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ errorCode: '403205', errorMessage: 'No permission(s)' });
    const created = await authed(server, dev, 'POST', `${REG}/microservices`, service('dev-app', 'dev-svc'));
    expect(created.status).toBe(200);
    const serviceId = (created.json as { serviceId: string }).serviceId;
    const inst = await authed(server, dev, 'POST', `${REG}/microservices/${serviceId}/instances`, {
      instance: { hostName: 'h1', endpoints: ['rest://127.0.0.1:8080'] },
    });
    expect(inst.status).toBe(200);
    const perms = await authed(server, dev, 'GET', '/v4/self-perms');
    expect(perms.status).toBe(200);
    expect((perms.json as { perms: { resources: { type: string }[] }[] }).perms[0].resources.map((r) => r.type)).not.toContain('account');
  });

  test('accounts: list and get never show a password; duplicates 409200; bad passwords 400001', async () => {
    await authed(server, root, 'POST', '/v4/accounts', { name: 'lister', password: DEV_PASSWORD, roles: ['developer'] });
    const list = await authed(server, root, 'GET', '/v4/accounts');
    expect(list.status).toBe(200);
    const body = list.json as { total: number; data: { name: string; password?: string }[] };
    expect(body.total).toBe(body.data.length);
    expect(body.data.map((a) => a.name)).toEqual(expect.arrayContaining(['root', 'lister']));
    expect(list.text).not.toMatch(/password|scrypt/);
    const one = await authed(server, root, 'GET', '/v4/accounts/lister');
    expect(one.json).toMatchObject({ name: 'lister', roles: ['developer'], status: 'active' });
    expect(one.text).not.toMatch(/password/);
    expect(errorCodeOf(await authed(server, root, 'POST', '/v4/accounts', { name: 'lister', password: DEV_PASSWORD, roles: ['developer'] }))).toBe('409200');
    const weak = await authed(server, root, 'POST', '/v4/accounts', { name: 'weak', password: 'password', roles: ['developer'] });
    expect(errorCodeOf(weak)).toBe('400001');
    expect(errorCodeOf(await authed(server, root, 'POST', '/v4/accounts', { name: 'norole', password: DEV_PASSWORD, roles: ['nosuch'] }))).toBe('400202');
    expect(errorCodeOf(await authed(server, root, 'GET', '/v4/accounts/nobody'))).toBe('400200');
    expect(errorCodeOf(await authed(server, root, 'DELETE', '/v4/accounts/root'))).toBe('403202');
  });

  test('batch create answers per account', async () => {
    const r = await authed(server, root, 'POST', '/v4/accounts/batch-create', {
      accounts: [
        { name: 'batch1', password: DEV_PASSWORD, roles: ['developer'] },
        { name: 'batch1', password: DEV_PASSWORD, roles: ['developer'] },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ accounts: [{ name: 'batch1' }, { name: 'batch1', errorCode: '409200', errorMessage: 'account name is duplicated', detail: 'account [batch1] already exists' }] });
  });

  test('a deleted account: its token gets 401206', async () => {
    await authed(server, root, 'POST', '/v4/accounts', { name: 'gone', password: DEV_PASSWORD, roles: ['developer'] });
    const t = await tokenOf(server, 'gone', DEV_PASSWORD);
    expect((await authed(server, t, 'GET', `${REG}/microservices`)).status).toBe(200);
    expect((await authed(server, root, 'DELETE', '/v4/accounts/gone')).status).toBe(200);
    const r = await authed(server, t, 'GET', `${REG}/microservices`);
    expect(r.status).toBe(401);
    expect(errorCodeOf(r)).toBe('401206');
  });

  test('a role limited to appId=shop sees only shop in lists, and is refused other apps', async () => {
    const role = { name: 'shop-dev', perms: [{ resources: [{ type: 'service', labels: { appId: 'shop' } }], verbs: ['get', 'create', 'delete'] }] };
    expect((await authed(server, root, 'POST', '/v4/roles', role)).status).toBe(200);
    expect((await authed(server, root, 'GET', '/v4/roles/shop-dev')).json).toMatchObject(role);
    await authed(server, root, 'POST', '/v4/accounts', { name: 'shopper', password: DEV_PASSWORD, roles: ['shop-dev'] });
    await authed(server, root, 'POST', `${REG}/microservices`, service('shop', 'cart'));
    await authed(server, root, 'POST', `${REG}/microservices`, service('bank', 'ledger'));
    const t = await tokenOf(server, 'shopper', DEV_PASSWORD);
    const all = (await authed(server, root, 'GET', `${REG}/microservices`)).json as { services: { appId: string; serviceId?: string }[] };
    expect(all.services.some((s) => s.appId === 'bank')).toBe(true);
    const seen = (await authed(server, t, 'GET', `${REG}/microservices`)).json as { services: { appId: string }[] };
    expect(seen.services.length).toBeGreaterThan(0);
    expect(seen.services.every((s) => s.appId === 'shop')).toBe(true);
    // The merged view's list and the dependency lists are filtered the same way.
    const globalList = async () =>
      ((await authed(server, t, 'GET', `${REG}/microservices?global=true`)).json as { services?: { appId: string }[] }).services ?? [];
    await eventually(async () => (await globalList()).length > 0);
    expect((await globalList()).every((s) => s.appId === 'shop')).toBe(true);
    const cartId = seen.services.find((s) => (s as { serviceName?: string }).serviceName === 'cart') as { serviceId?: string } | undefined;
    const rules = {
      dependencies: [
        {
          consumer: { appId: 'shop', serviceName: 'cart', version: '1.0.0' },
          providers: [
            { appId: 'bank', serviceName: 'ledger', version: '1.0.0' },
            { appId: 'shop', serviceName: 'cart', version: '1.0.0' },
          ],
        },
      ],
    };
    expect((await authed(server, root, 'PUT', `${REG}/dependencies`, rules)).status).toBe(200);
    const providers = (token: string) => authed(server, token, 'GET', `${REG}/microservices/${cartId?.serviceId ?? ''}/providers`);
    const names = (r: Reply) => ((r.json as { providers?: { appId: string }[] }).providers ?? []).map((p) => p.appId).sort();
    expect(names(await providers(root))).toEqual(['bank', 'shop']);
    expect(names(await providers(t))).toEqual(['shop']);
    const find = (appId: string, name: string) => authed(server, t, 'GET', `${REG}/instances?appId=${appId}&serviceName=${name}`);
    expect((await find('shop', 'cart')).status).toBe(200);
    expect(errorCodeOf(await find('bank', 'ledger'))).toBe('403205');
    expect((await authed(server, t, 'POST', `${REG}/microservices`, service('shop', 'basket'))).status).toBe(200);
    expect(errorCodeOf(await authed(server, t, 'POST', `${REG}/microservices`, service('bank', 'vault')))).toBe('403205');
    const batch = (services: { appId: string; serviceName: string }[]) =>
      authed(server, t, 'POST', `${REG}/instances/action?type=query`, {
        services: services.map((s) => ({ service: { ...s, version: 'latest' } })),
      });
    expect((await batch([{ appId: 'shop', serviceName: 'cart' }])).status).toBe(200);
    expect(errorCodeOf(await batch([{ appId: 'shop', serviceName: 'cart' }, { appId: 'bank', serviceName: 'ledger' }]))).toBe('403205');
    const ledgerId = all.services.find((s) => s.appId === 'bank')?.serviceId ?? '';
    expect(errorCodeOf(await authed(server, t, 'DELETE', `${REG}/microservices/${ledgerId}`))).toBe('403205');
    const del = await call(server, 'DELETE', `${REG}/microservices`, { ...as(t), body: { serviceIds: [ledgerId] } });
    expect(errorCodeOf(del)).toBe('403205');
    expect(errorCodeOf(await authed(server, t, 'GET', `${REG}/microservices/${ledgerId}`))).toBe('403205');
    expect(errorCodeOf(await authed(server, root, 'DELETE', '/v4/roles/shop-dev'))).toBe('400205');
    expect(errorCodeOf(await authed(server, root, 'DELETE', '/v4/roles/developer'))).toBe('403203');
  });

  test('ops: dump, alarms and quarantine release need ops permission', async () => {
    await authed(server, root, 'POST', '/v4/roles', { name: 'peer', perms: [{ resources: [{ type: 'ops' }], verbs: ['get'] }] });
    await authed(server, root, 'POST', '/v4/accounts', { name: 'peer-dc2', password: DEV_PASSWORD, roles: ['peer'] });
    const t = await tokenOf(server, 'peer-dc2', DEV_PASSWORD);
    expect((await authed(server, t, 'GET', '/v4/default/admin/dump')).status).toBe(200);
    expect(errorCodeOf(await authed(server, t, 'DELETE', '/v4/default/admin/alarms'))).toBe('403205');
    expect(errorCodeOf(await authed(server, t, 'POST', '/v4/default/admin/sources/dc9/release'))).toBe('403205');
    expect(errorCodeOf(await authed(server, t, 'GET', `${REG}/microservices`))).toBe('403205');
    expect(errorCodeOf(await call(server, 'GET', '/v4/default/admin/changes'))).toBe('401204');
  });

  test('accounts and roles are not in the dump', async () => {
    const dump = await authed(server, root, 'GET', '/v4/default/admin/dump');
    expect(dump.status).toBe(200);
    expect(dump.text).not.toMatch(/cse-sr\/(accounts|roles|account-locks)|scrypt|shopper|dev1/);
  });

  test('lockout: the third failure from one address bans the account (403201) until the lock is deleted or expires', async () => {
    await authed(server, root, 'POST', '/v4/accounts', { name: 'locky', password: DEV_PASSWORD, roles: ['developer'] });
    const attempt = (password: string) => call(server, 'POST', '/v4/token', { body: { name: 'locky', password } });
    for (let i = 0; i < 3; i++) expect(errorCodeOf(await attempt('Wrong_Pass1'))).toBe('401202');
    const blocked = await attempt(DEV_PASSWORD);
    expect(blocked.status).toBe(403);
    expect(errorCodeOf(blocked)).toBe('403201');
    const locks = (await authed(server, root, 'GET', '/v4/account-locks')).json as { total: number; data: { key: string; status: string }[] };
    expect(locks.data).toEqual(expect.arrayContaining([expect.objectContaining({ key: expect.stringMatching(/^locky::/), status: 'banned' })]));
    expect((await authed(server, root, 'DELETE', '/v4/account-locks/locky')).status).toBe(200);
    expect((await attempt(DEV_PASSWORD)).status).toBe(200);

    for (let i = 0; i < 3; i++) await attempt('Wrong_Pass1');
    expect(errorCodeOf(await attempt(DEV_PASSWORD))).toBe('403201');
    clock.advance(15 * 60_000 + 2000);
    expect((await attempt(DEV_PASSWORD)).status).toBe(200);
  });

  test('one\'s own password: with the current one; a wrong current one counts as a failure', async () => {
    await authed(server, root, 'POST', '/v4/accounts', { name: 'changer', password: DEV_PASSWORD, roles: ['developer'] });
    const t = await tokenOf(server, 'changer', DEV_PASSWORD);
    const change = (current: string, password: string) => authed(server, t, 'POST', '/v4/accounts/changer/password', { currentPassword: current, password });
    expect(errorCodeOf(await change('Wrong_Pass1', 'New_Pass12'))).toBe('401207');
    expect(errorCodeOf(await change(DEV_PASSWORD, 'weak'))).toBe('400001');
    expect((await change(DEV_PASSWORD, 'New_Pass12')).status).toBe(200);
    expect((await tokenOf(server, 'changer', 'New_Pass12')).length).toBeGreaterThan(0);
    expect(errorCodeOf(await authed(server, t, 'POST', '/v4/accounts/dev1/password', { password: 'New_Pass12' }))).toBe('403001');
  });

  test('websocket upgrades are refused without a token, and accepted with one', async () => {
    const base = server.url.replace(/^http/, 'ws');
    const url = `${base}${REG}/microservices/someid/watcher`;
    const status = (headers: Record<string, string>, to = url) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(to, { headers });
        ws.on('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          ws.terminate();
        });
        ws.on('open', () => {
          resolve(101);
          ws.terminate();
        });
        ws.on('error', () => undefined);
      });
    expect(await status({})).toBe(401);
    expect(await status({ Authorization: 'Bearer x' })).toBe(401);
    expect(await status({ Authorization: `Bearer ${root}` })).toBe(101);
    expect(await status({}, `${base}${REG}/microservices/someid/instances/i1/heartbeat`)).toBe(401);
  });

  test('/metrics needs no token and counts authentication failures by code', async () => {
    const r = await call(server, 'GET', '/metrics');
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/service_center_auth_failures_total\{code="401204"\} [1-9]/);
    expect(r.text).toMatch(/service_center_auth_failures_total\{code="403201"\} [1-9]/);
  });
});

describe('RBAC keys', () => {
  test('a pair is generated into the data directory once and reused after a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-rbac-'));
    try {
      const first = await startTestServer(rbacConfig({ dataDir }));
      const token = await tokenOf(first, 'root', ROOT_PASSWORD);
      const pem = fs.readFileSync(path.join(dataDir, 'rbac_private.pem'), 'utf8');
      await first.stop();
      const second = await startTestServer(rbacConfig({ dataDir }));
      try {
        expect(fs.readFileSync(path.join(dataDir, 'rbac_private.pem'), 'utf8')).toBe(pem);
        expect((await authed(second, token, 'GET', `${REG}/microservices`)).status).toBe(200);
      } finally {
        await second.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('configured key files are used, and a token of another pair is refused', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-rbac-keys-'));
    try {
      const pair = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
      const priv = path.join(dir, 'private.pem');
      const pub = path.join(dir, 'public.pem');
      fs.writeFileSync(priv, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      fs.writeFileSync(pub, pair.publicKey.export({ type: 'spki', format: 'pem' }));
      const server = await startTestServer(rbacConfig({ rbacPrivateKeyFile: priv, rbacPublicKeyFile: pub }));
      try {
        const token = await tokenOf(server, 'root', ROOT_PASSWORD);
        await jose.jwtVerify(token, pair.publicKey); // signed with the configured key
        expect(fs.existsSync(path.join(server.dataDir, 'rbac_private.pem'))).toBe(false);
      } finally {
        await server.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a weak root password, or a key file that cannot be read, stops the start and says why', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-rbac-bad-'));
    try {
      await expect(startTestServer({ dataDir, rbacEnabled: true, rbacInitRootPassword: 'root' })).rejects.toThrow(
        /^SC_INIT_ROOT_PASSWORD: password must be 8 to 32 characters/,
      );
      const missing = path.join(dataDir, 'nope.pem');
      await expect(startTestServer({ dataDir, rbacEnabled: true, rbacPrivateKeyFile: missing, rbacPublicKeyFile: missing })).rejects.toThrow(
        `--rbac-private-key ${missing}: cannot read the file (ENOENT)`,
      );
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('without SC_INIT_ROOT_PASSWORD no root is created (and nobody can log in)', async () => {
    const server = await startTestServer({ rbacEnabled: true });
    try {
      expect(errorCodeOf(await call(server, 'POST', '/v4/token', { body: { name: 'root', password: ROOT_PASSWORD } }))).toBe('401202');
    } finally {
      await server.stop();
    }
  });
});
