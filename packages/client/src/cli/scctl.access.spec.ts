import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestServer } from '../__tests__/servers';
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

  test('unusable TLS flags: exit 1 with what to fix', async () => {
    const missing = path.join(certs.dir, 'nope.pem');
    const r = await scctl(['--addr', server.url, '--ca', missing, 'get', 'svc']);
    expect(r).toEqual({ code: 1, out: '', err: `scctl: --ca ${missing}: cannot read the file (ENOENT)\n` });
    const half = await scctl(['--addr', server.url, '--cert', certs.clientCert, 'get', 'svc']);
    expect(half).toEqual({ code: 1, out: '', err: 'scctl: --cert and --key go together: pass both (the client certificate and its private key)\n' });
    expect(fs.existsSync(missing)).toBe(false);
  });
});
