// Two replicas over one etcd share accounts, roles and locks; given the same key pair, a token from one is valid at the other.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ETCD_MISSING, EtcdProcess, findEtcdBinary, startEtcd } from '../__tests__/etcd-process';
import { startTestServer } from '../__tests__/test-server';
import { eventually } from '../__tests__/instances-helpers';
import { REG, TestServer, call, errorCodeOf } from '../__tests__/services-client';

const ROOT_PASSWORD = 'Root_Pass1';

async function login(server: TestServer, name: string, password: string) {
  return call(server, 'POST', '/v4/token', { body: { name, password } });
}

describe('RBAC replicas over one etcd', () => {
  let etcd: EtcdProcess;
  let keyDir: string;
  beforeAll(async () => {
    if (!findEtcdBinary()) throw new Error(ETCD_MISSING);
    etcd = await startEtcd();
    keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-rbac-pair-'));
  });
  afterAll(async () => {
    await etcd.stop();
    fs.rmSync(keyDir, { recursive: true, force: true });
  });

  test('an account created at one replica logs in at the other, and one token serves both', async () => {
    const pair = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rbacPrivateKeyFile = path.join(keyDir, 'private.pem');
    const rbacPublicKeyFile = path.join(keyDir, 'public.pem');
    fs.writeFileSync(rbacPrivateKeyFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    fs.writeFileSync(rbacPublicKeyFile, pair.publicKey.export({ type: 'spki', format: 'pem' }));
    const config = {
      registry: 'etcd' as const,
      etcdEndpoints: [etcd.endpoint],
      rbacEnabled: true,
      rbacInitRootPassword: ROOT_PASSWORD,
      rbacPrivateKeyFile,
      rbacPublicKeyFile,
    };
    const a = await startTestServer(config);
    const b = await startTestServer(config);
    try {
      const root = { headers: { Authorization: `Bearer ${((await login(a, 'root', ROOT_PASSWORD)).json as { token: string }).token}` } };
      expect((await call(a, 'POST', '/v4/accounts', { ...root, body: { name: 'shared', password: 'Shared_Pass1', roles: ['developer'] } })).status).toBe(200);
      // b mirrors etcd through its watch: wait until the account arrives there
      let r = await login(b, 'shared', 'Shared_Pass1');
      await eventually(async () => (r = await login(b, 'shared', 'Shared_Pass1')).status === 200);
      const token = { headers: { Authorization: `Bearer ${(r.json as { token: string }).token}` } };
      expect((await call(a, 'GET', `${REG}/microservices`, token)).status).toBe(200);
      expect((await call(b, 'GET', `${REG}/microservices`, token)).status).toBe(200);
      expect((await call(a, 'DELETE', '/v4/accounts/shared', root)).status).toBe(200);
      await eventually(async () => errorCodeOf(await call(b, 'GET', `${REG}/microservices`, token)) === '401206');
    } finally {
      await b.stop();
      await a.stop();
    }
  });
});
