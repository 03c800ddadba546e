import * as fs from 'node:fs';
import * as path from 'node:path';
import { Etcd3 } from 'etcd3';
import pino from 'pino';
import { DEFAULT_CONFIG, ServerConfig } from '../../config/schema';
import { startServer } from '../../server';
import { EtcdProcess, startEtcd } from '../../__tests__/etcd-process';
import { call, createService, uniqueName } from '../../__tests__/instances-helpers';
import { TestCerts, makeTestCerts } from '../../__tests__/test-certs';
import { spawnServer } from '../../__tests__/spawn-server';
import { TlsFileError } from '../../http/tls-listener';
import { EtcdAccessError } from './etcd-access';
import { openEtcdStore } from './etcd-store';

jest.setTimeout(30_000);

const log = pino({ level: 'silent' });

let certs: TestCerts;
beforeAll(() => {
  certs = makeTestCerts();
});
afterAll(() => certs.remove());

const etcdConfig = (endpoint: string, more: Partial<ServerConfig> = {}): ServerConfig => ({
  ...DEFAULT_CONFIG,
  port: 0,
  host: '127.0.0.1',
  logLevel: 'silent',
  registry: 'etcd',
  etcdEndpoints: [endpoint],
  ...more,
});

/** Register a service through one server, then read it back through a second one started afresh on the same etcd. */
async function registersAndReadsBack(config: ServerConfig): Promise<void> {
  const serviceName = uniqueName('tls');
  const one = await startServer(config, { log });
  let serviceId: string;
  try {
    serviceId = await createService(one.url, { appId: 'etcdtls', serviceName, version: '1.0.0' });
  } finally {
    await one.close();
  }
  const two = await startServer(config, { log });
  try {
    const r = await call<{ service?: { serviceName: string } }>(two.url, 'GET', `/v4/default/registry/microservices/${serviceId}`);
    expect(r.status).toBe(200);
    expect(r.body.service?.serviceName).toBe(serviceName);
  } finally {
    await two.close();
  }
}

/** The startup error of a server with this configuration. */
async function startError(config: ServerConfig): Promise<Error> {
  try {
    const s = await startServer(config, { log });
    await s.close();
  } catch (err) {
    return err as Error;
  }
  throw new Error('the server started');
}

describe('registry etcd over https', () => {
  let etcd: EtcdProcess;
  let mtls: EtcdProcess;
  beforeAll(async () => {
    [etcd, mtls] = await Promise.all([
      startEtcd({ tls: { cert: certs.serverCert, key: certs.serverKey } }),
      startEtcd({ tls: { cert: certs.serverCert, key: certs.serverKey, trustedCa: certs.ca, clientCertAuth: true } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([etcd?.stop(), mtls?.stop()]);
  });

  test('with --etcd-ca: a service registered through our server is stored in etcd and read back', async () => {
    expect(etcd.endpoint).toMatch(/^https:/);
    await registersAndReadsBack(etcdConfig(etcd.endpoint, { etcdCa: certs.ca }));
  });

  test('mTLS: with --etcd-cert/--etcd-key etcd --client-cert-auth accepts us', async () => {
    await registersAndReadsBack(etcdConfig(mtls.endpoint, { etcdCa: certs.ca, etcdCert: certs.clientCert, etcdKey: certs.clientKey }));
  });

  test('mTLS without a client certificate: says to set --etcd-cert and --etcd-key', async () => {
    const err = await startError(etcdConfig(mtls.endpoint, { etcdCa: certs.ca }));
    expect(err).toBeInstanceOf(EtcdAccessError);
    expect(err.message).toBe(`etcd at ${mtls.endpoint} requires a client certificate; set --etcd-cert and --etcd-key`);
  });

  test('mTLS with a client certificate etcd does not trust: says which one and what etcd trusts', async () => {
    const err = await startError(etcdConfig(mtls.endpoint, { etcdCa: certs.ca, etcdCert: certs.untrustedCert, etcdKey: certs.untrustedKey }));
    expect(err.message).toBe(
      `etcd at ${mtls.endpoint} refused our client certificate --etcd-cert ${certs.untrustedCert}; give one signed by the CA etcd trusts (its --trusted-ca-file)`,
    );
  });

  test("--etcd-ca of another CA: etcd's certificate is not trusted, naming the file", async () => {
    const err = await startError(etcdConfig(etcd.endpoint, { etcdCa: certs.otherCa }));
    expect(err).toBeInstanceOf(EtcdAccessError);
    expect(err.message).toBe(
      `etcd's certificate at ${etcd.endpoint} is not trusted (unable to verify the first certificate); --etcd-ca ${certs.otherCa} does not hold the CA that signed it`,
    );
  });

  test('without --etcd-ca only the system CAs are trusted (no insecure fallback)', async () => {
    const err = await startError(etcdConfig(etcd.endpoint));
    expect(err.message).toBe(
      `etcd's certificate at ${etcd.endpoint} is not trusted (unable to verify the first certificate); set --etcd-ca to the CA that signed it (without it only the system CAs are trusted)`,
    );
  });

  test('http:// towards an etcd serving TLS: suggests https://', async () => {
    const endpoint = etcd.endpoint.replace(/^https:/, 'http:');
    const err = await startError(etcdConfig(endpoint));
    expect(err.message).toBe(`etcd at ${endpoint} dropped the plain-text connection; if it serves TLS, use https:// URLs in --etcd-endpoints (and --etcd-ca)`);
  });

  test('an etcd certificate for another host: says to use the name it was issued for', async () => {
    const other = certs.issue('etcd-elsewhere', 'server', { altNames: 'DNS:etcd.elsewhere.example' });
    const wrongHost = await startEtcd({ tls: other });
    try {
      const err = await startError(etcdConfig(wrongHost.endpoint, { etcdCa: certs.ca }));
      expect(err.message).toMatch(
        new RegExp(`^etcd's certificate is not for the host in --etcd-endpoints ${wrongHost.endpoint} \\(Hostname/IP does not match certificate's altnames: .*\\); use the name or IP the certificate was issued for$`),
      );
    } finally {
      await wrongHost.stop();
    }
  });

  test('a missing or unusable file is refused before connecting, naming the flag', async () => {
    const missing = path.join(certs.dir, 'nope.pem');
    await expect(startServer(etcdConfig(etcd.endpoint, { etcdCa: missing }), { log })).rejects.toThrow(
      new TlsFileError(`--etcd-ca ${missing}: cannot read the file (ENOENT); give a readable PEM file`),
    );
    await expect(startServer(etcdConfig(mtls.endpoint, { etcdCert: certs.clientCert, etcdKey: missing }), { log })).rejects.toThrow(
      `--etcd-key ${missing}: cannot read the file (ENOENT)`,
    );
    await expect(startServer(etcdConfig(mtls.endpoint, { etcdCert: certs.clientCert, etcdKey: certs.serverKey }), { log })).rejects.toThrow(
      `--etcd-key ${certs.serverKey} is not the private key of --etcd-cert ${certs.clientCert}; give the key the certificate was made for`,
    );
  });
});

describe('registry etcd with authentication', () => {
  let etcd: EtcdProcess;
  let passwordFile: string;
  let wrongFile: string;
  beforeAll(async () => {
    etcd = await startEtcd();
    const admin = new Etcd3({ hosts: [etcd.endpoint] });
    try {
      await admin.role('root').create();
      await admin.user('root').create('root-secret');
      await admin.user('root').addRole('root');
      const role = await admin.role('registry').create();
      await role.grant({ permission: 'Readwrite', range: admin.range({ prefix: '/cse-sr/' }) });
      await admin.user('sc').create('sc-secret');
      await admin.user('sc').addRole('registry');
      await admin.auth.authEnable();
    } finally {
      admin.close();
    }
    passwordFile = path.join(certs.dir, 'etcd-password');
    fs.writeFileSync(passwordFile, 'sc-secret\n');
    wrongFile = path.join(certs.dir, 'etcd-wrong-password');
    fs.writeFileSync(wrongFile, 'not-it\n');
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  test('the right user and password file: a service is stored and read back', async () => {
    await registersAndReadsBack(etcdConfig(etcd.endpoint, { etcdUsername: 'sc', etcdPasswordFile: passwordFile }));
  });

  test('a wrong password: says to check the user name and password file', async () => {
    const err = await startError(etcdConfig(etcd.endpoint, { etcdUsername: 'sc', etcdPasswordFile: wrongFile }));
    expect(err).toBeInstanceOf(EtcdAccessError);
    expect(err.message).toBe("etcd refused user 'sc': wrong user name or password; check --etcd-username and --etcd-password-file");
  });

  test('the binary, given the user through the environment and a wrong password file: one line and exit 1', async () => {
    const s = spawnServer(['--port', '0', '--registry', 'etcd', '--etcd-endpoints', etcd.endpoint], {
      SC_ETCD_USERNAME: 'sc',
      SC_ETCD_PASSWORD_FILE: wrongFile,
    });
    expect(await s.exited).toBe(1);
    expect(s.output()).toContain(
      "service-center: cannot start: etcd refused user 'sc': wrong user name or password; check --etcd-username and --etcd-password-file\n",
    );
    expect(s.output()).not.toContain('not-it');
  });

  test('no user: says etcd has authentication enabled', async () => {
    const err = await startError(etcdConfig(etcd.endpoint));
    expect(err.message).toBe('etcd has authentication enabled; set --etcd-username and --etcd-password-file');
  });

  test('a missing or empty password file is refused before connecting', async () => {
    const missing = path.join(certs.dir, 'no-password');
    await expect(openEtcdStore({ endpoints: [etcd.endpoint], access: { ca: '', cert: '', key: '', username: 'sc', passwordFile: missing }, dialTimeoutMs: 1000, log })).rejects.toThrow(
      new EtcdAccessError(`--etcd-password-file ${missing}: cannot read the file (ENOENT); give a readable file holding the etcd user's password`),
    );
    const empty = path.join(certs.dir, 'empty-password');
    fs.writeFileSync(empty, '\n');
    await expect(startServer(etcdConfig(etcd.endpoint, { etcdUsername: 'sc', etcdPasswordFile: empty }), { log })).rejects.toThrow(
      `--etcd-password-file ${empty}: the file is empty; write the etcd user's password in it`,
    );
  });

  test('https:// towards an etcd serving plain http: says it does not speak TLS', async () => {
    const endpoint = etcd.endpoint.replace(/^http:/, 'https:');
    const err = await startError(etcdConfig(endpoint, { etcdCa: certs.ca }));
    expect(err.message).toBe(`etcd at ${endpoint} does not speak TLS; use http:// in --etcd-endpoints, or start etcd with --cert-file and --key-file`);
  });
});
