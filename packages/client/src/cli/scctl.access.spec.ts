import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestServer, api } from '../__tests__/servers';
import { TestCerts, makeTestCerts } from '../__tests__/test-certs';
import { runScctl } from './scctl';

jest.setTimeout(30_000);

type Run = { code: number; out: string; err: string };

async function scctl(args: string[], env: Record<string, string> = {}): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runScctl(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), now: Date.now, env });
  return { code, out, err };
}

describe('scctl over https: --ca, --cert, --key', () => {
  let certs: TestCerts;
  let server: TestServer;
  let mtls: TestServer;

  beforeAll(async () => {
    certs = makeTestCerts();
    [server, mtls] = await Promise.all([
      TestServer.start({ tlsCert: certs.serverCert, tlsKey: certs.serverKey, clusterName: 'tls1' }),
      TestServer.start({ tlsCert: certs.serverCert, tlsKey: certs.serverKey, tlsCa: certs.ca, tlsVerifyClient: true, clusterName: 'tls2' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), mtls?.stop()]);
    certs?.remove();
  });

  test('--ca FILE: the server certificate is verified and the command runs', async () => {
    expect(await scctl(['--addr', server.url, '--ca', certs.ca, 'get', 'cluster'])).toEqual({
      code: 0,
      err: '',
      out: ['  CLUSTER |        ENDPOINTS         ', '+---------+-------------------------+', `  tls1    | ${server.url}  `, ''].join('\n'),
    });
  });

  test('without --ca (or with a CA that did not sign it): exit 2, saying to pass --ca FILE', async () => {
    for (const extra of [[], ['--ca', certs.otherCa]]) {
      const r = await scctl(['--addr', server.url, ...extra, 'get', 'svc']);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(new RegExp(`^scctl: cannot reach service center at ${server.url}: .*; the server's certificate is not trusted: pass --ca FILE with the CA that signed it\\n$`));
      expect(r.err).not.toContain('tls.ca');
    }
    const health = await scctl(['--addr', server.url, 'health']);
    expect(health.code).toBe(2);
    expect(health.err).toContain('pass --ca FILE');
  });

  test('a server that verifies clients: --cert and --key are presented; without them the message says to pass them', async () => {
    const ok = await scctl(['--addr', mtls.url, '--ca', certs.ca, '--cert', certs.clientCert, '--key', certs.clientKey, 'get', 'cluster']);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`tls2    | ${mtls.url}`);
    const without = await scctl(['--addr', mtls.url, '--ca', certs.ca, 'get', 'cluster']);
    expect(without.code).toBe(2);
    expect(without.err).toContain('pass --cert FILE and --key FILE');
  });

  test('https and RBAC together: --ca and --account on one command, the login over TLS too', async () => {
    const both = await TestServer.start({ tlsCert: certs.serverCert, tlsKey: certs.serverKey, rbacEnabled: true, rbacInitRootPassword: 'Root_Pass1', clusterName: 'tls3' });
    try {
      const r = await scctl(['--addr', both.url, '--ca', certs.ca, '--account', 'root', 'get', 'account', 'root'], { SC_PASSWORD: 'Root_Pass1' });
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out.split('\n')[2]).toMatch(/^ {2}root \| admin \| /);
    } finally {
      await both.stop();
    }
  });

  test('unusable TLS flags: exit 1 with what to fix', async () => {
    const missing = path.join(certs.dir, 'nope.pem');
    const r = await scctl(['--addr', server.url, '--ca', missing, 'get', 'svc']);
    expect(r).toEqual({ code: 1, out: '', err: `scctl: --ca ${missing}: cannot read the file (ENOENT)\n` });
    const half = await scctl(['--addr', server.url, '--cert', certs.clientCert, 'get', 'svc']);
    expect(half).toEqual({ code: 1, out: '', err: 'scctl: --cert and --key go together: pass both (the client certificate and its private key)\n' });
    expect(fs.existsSync(missing)).toBe(false);
  });
});

describe('scctl against an RBAC-enabled server: --account, --password-file, SC_ACCOUNT/SC_PASSWORD', () => {
  const ROOT_PASSWORD = 'Root_Pass1';
  const DEV_PASSWORD = 'Dev_Pass12';
  let server: TestServer;
  let dir: string;
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  const asRoot = () => ['--addr', server.url, '--account', 'root', '--password-file', path.join(dir, 'root.pw')];

  beforeAll(async () => {
    server = await TestServer.start({ rbacEnabled: true, rbacInitRootPassword: ROOT_PASSWORD });
    dir = fs.mkdtempSync(path.join(server.config.dataDir, 'pw-'));
    file('root.pw', `${ROOT_PASSWORD}\n`);
    file('dev.pw', DEV_PASSWORD);
    const token = (await api(server.url, 'POST', '/v4/token', { name: 'root', password: ROOT_PASSWORD })).body.token as string;
    for (const name of ['dev', 'blocky']) {
      const r = await api(server.url, 'POST', '/v4/accounts', { name, password: DEV_PASSWORD, roles: ['developer'] }, { Authorization: `Bearer ${token}` });
      expect(r.status).toBe(200);
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  test('no account: exit 1, "not authenticated: pass --account and --password-file"', async () => {
    const r = await scctl(['--addr', server.url, 'get', 'svc']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^scctl: not authenticated: pass --account and --password-file \(or SC_ACCOUNT\/SC_PASSWORD\) \(get dump: 401204 /);
  });

  test('get account: NAME | ROLES | STATUS | CREATED; get account NAME; -o json', async () => {
    const all = await scctl([...asRoot(), 'get', 'account']);
    expect(all.code).toBe(0);
    expect(all.err).toBe('');
    const rows = all.out.split('\n');
    expect(rows.slice(0, 2)).toEqual(['   NAME  |   ROLES   | STATUS | CREATED  ', '+--------+-----------+--------+---------+']);
    expect(rows.slice(2, 5).map((l) => l.split('|').map((c) => c.trim()).slice(0, 2))).toEqual([
      ['blocky', 'developer'],
      ['dev', 'developer'],
      ['root', 'admin'],
    ]);
    const one = await scctl([...asRoot(), 'get', 'account', 'dev', '-o', 'json']);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.out)).toEqual([expect.objectContaining({ name: 'dev', roles: ['developer'] })]);
    expect(one.out).not.toContain(DEV_PASSWORD);
  });

  test('get role: NAME | PERMS | CREATED with the built-in roles; SC_ACCOUNT/SC_PASSWORD work as the flags', async () => {
    const r = await scctl(['--addr', server.url, 'get', 'role'], { SC_ACCOUNT: 'root', SC_PASSWORD: ROOT_PASSWORD });
    expect(r.code).toBe(0);
    const rows = r.out.split('\n');
    expect(rows.slice(0, 2)).toEqual([
      '    NAME    |                         PERMS                         | CREATED  ',
      '+-----------+-------------------------------------------------------+---------+',
    ]);
    expect(rows.slice(2, 4).map((l) => l.split('|').map((c) => c.trim()).slice(0, 2))).toEqual([
      ['admin', 'account,role,service,governance,ops,service/schema: *'],
      ['developer', 'service,governance,ops,service/schema: *'],
    ]);
    const one = await scctl([...asRoot(), 'get', 'role', 'developer', '-o', 'json']);
    expect(JSON.parse(one.out)).toEqual([expect.objectContaining({ name: 'developer' })]);
  });

  test('403205: "account dev has no permission to get account"', async () => {
    const r = await scctl(['--addr', server.url, '--account', 'dev', '--password-file', path.join(dir, 'dev.pw'), 'get', 'account']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^scctl: account dev has no permission to get account \(get accounts: 403205 /);
    // the developer may read the registry
    expect((await scctl(['--addr', server.url, '--account', 'dev', '--password-file', path.join(dir, 'dev.pw'), 'get', 'cluster'])).code).toBe(0);
  });

  test('a wrong password, then a blocked account (403201): what to do, exit 1', async () => {
    const wrong = file('wrong.pw', 'Wrong_Pass1\n');
    const r = await scctl(['--addr', server.url, '--account', 'blocky', '--password-file', wrong, 'get', 'svc']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('the password of account blocky is wrong (or the account does not exist): check the credentials');
    // Service-Center allows two failed logins per 15 minutes from one address; the third bans
    for (let i = 0; i < 2; i++) await scctl(['--addr', server.url, '--account', 'blocky', '--password-file', wrong, 'get', 'svc']);
    const blocked = await scctl(['--addr', server.url, '--account', 'blocky', '--password-file', path.join(dir, 'dev.pw'), 'get', 'svc']);
    expect(blocked).toEqual({
      code: 1,
      out: '',
      err: 'scctl: account blocky is blocked after failed logins: wait until the lock is released (15 minutes by default) or ask an admin to delete the lock\n',
    });
  });

  test('bad access flags: exit 1 with what to pass', async () => {
    expect((await scctl(['--addr', server.url, '--account', 'root', 'get', 'svc'])).err).toBe(
      'scctl: account root needs a password: pass --password-file FILE (or SC_PASSWORD)\n',
    );
    expect((await scctl(['--addr', server.url, '--password-file', path.join(dir, 'dev.pw'), 'get', 'svc'])).err).toBe(
      'scctl: --password-file needs --account NAME (or SC_ACCOUNT)\n',
    );
    expect((await scctl([...asRoot(), '--token', 't', 'get', 'svc'])).err).toBe('scctl: pass either --token or --account (SC_ACCOUNT), not both\n');
  });
});
