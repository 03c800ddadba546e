// Authenticated peers: two RBAC-enabled servers over https, each logging in at the other with
// an account whose role may only read `ops` (the dump and the change stream).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../__tests__/free-port';
import { TestCerts, makeTestCerts } from '../../__tests__/test-certs';
import { httpsCall } from '../../__tests__/https-call';
import { startTestServer } from '../../__tests__/test-server';

jest.setTimeout(60_000); // several servers and bcrypt logins on a busy 2-core machine

const ROOT_PASSWORD = 'Root_Pass1';
const SYNC_PASSWORD = 'Sync_Pass1';
const fast = { syncInterval: 1, peerTimeout: 2 };
const options = { federation: { pollWaitMs: 500, tickMs: 100 } };

let certs: TestCerts;
let dir: string;
let passwordFile: string;
beforeAll(() => {
  certs = makeTestCerts();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peer-auth-'));
  passwordFile = path.join(dir, 'sync-password');
});
afterAll(() => {
  certs.remove();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Server = Awaited<ReturnType<typeof startTestServer>>;
type PeerState = { login?: string; lastError?: { reason: string } };

async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function client(token?: string) {
  const trust = { ca: certs.ca };
  return async (server: Server, method: string, p: string, body?: unknown) => {
    const r = await httpsCall(`${server.url}${p}`, trust, { method, body, headers: token ? { Authorization: `Bearer ${token}` } : {} });
    return { status: r.status, json: (r.body === '' ? {} : JSON.parse(r.body)) as Record<string, unknown> };
  };
}

async function login(server: Server, name: string, password: string): Promise<string> {
  const r = await client()(server, 'POST', '/v4/token', { name, password });
  if (r.status !== 200) throw new Error(`login ${name}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json.token as string;
}

/** The role and account a peer logs in with: `ops` read only. */
async function createSyncAccount(server: Server): Promise<void> {
  const root = client(await login(server, 'root', ROOT_PASSWORD));
  const role = await root(server, 'POST', '/v4/roles', { name: 'sync-reader', perms: [{ resources: [{ type: 'ops' }], verbs: ['get'] }] });
  expect(role.status).toBe(200);
  const account = await root(server, 'POST', '/v4/accounts', { name: 'sync-user', password: SYNC_PASSWORD, roles: ['sync-reader'] });
  expect(account.status).toBe(200);
}

async function peerState(server: Server, token: string, peer: string): Promise<PeerState | undefined> {
  const r = await client(token)(server, 'GET', '/v4/default/admin/sources');
  const sources = (r.json.sources ?? []) as { cluster: string; kind: string; peer?: PeerState }[];
  return sources.find((s) => s.cluster === peer && s.kind === 'servicecenter')?.peer;
}

function rbacTls(name: string, port: number, peer: string, peerPort: number) {
  return {
    clusterName: name,
    port,
    clusters: [{ name: peer, urls: [`https://127.0.0.1:${peerPort}`] }],
    tlsCert: certs.serverCert,
    tlsKey: certs.serverKey,
    tlsCa: certs.ca,
    rbacEnabled: true,
    rbacInitRootPassword: ROOT_PASSWORD,
    peerAccount: 'sync-user',
    peerPasswordFile: passwordFile,
    ...fast,
  };
}

describe('peers with RBAC', () => {
  test('two RBAC servers federate over https with peer accounts that may only read ops', async () => {
    fs.writeFileSync(passwordFile, `${SYNC_PASSWORD}\n`);
    const [p1, p2] = [await freePort(), await freePort()];
    const sc1 = await startTestServer(rbacTls('sc1', p1, 'sc2', p2), options);
    const sc2 = await startTestServer(rbacTls('sc2', p2, 'sc1', p1), options);
    try {
      // The accounts are created after the servers started: their first logins were refused,
      // and a reload (SIGHUP) makes them try again at once.
      await createSyncAccount(sc1);
      await createSyncAccount(sc2);
      await sc1.reload();
      await sc2.reload();

      const root2 = client(await login(sc2, 'root', ROOT_PASSWORD));
      const created = await root2(sc2, 'POST', '/v4/default/registry/microservices', { service: { appId: 'bank', serviceName: 'login', version: '1.0.0' } });
      const serviceId = created.json.serviceId as string;
      const registered = await root2(sc2, 'POST', `/v4/default/registry/microservices/${serviceId}/instances`, {
        instance: { hostName: 'h1', endpoints: ['rest://10.0.0.1:8080'] },
      });
      expect(registered.status).toBe(200);

      const rootToken1 = await login(sc1, 'root', ROOT_PASSWORD);
      const root1 = client(rootToken1);
      const found = await eventually(async () => {
        const r = await root1(sc1, 'GET', '/v4/default/registry/instances?appId=bank&serviceName=login&global=true');
        const instances = (r.json.instances ?? []) as { hostName: string }[];
        return instances.length > 0 ? instances : undefined;
      });
      expect(found.map((i) => i.hostName)).toEqual(['h1']);
      expect(await peerState(sc1, rootToken1, 'sc2')).toMatchObject({ login: 'accepted' });

      // What the peer account may do: read the dump; not register or read the registry.
      const sync = client(await login(sc2, 'sync-user', SYNC_PASSWORD));
      expect((await sync(sc2, 'GET', '/v4/default/admin/dump')).status).toBe(200);
      const refused = await sync(sc2, 'POST', '/v4/default/registry/microservices', { service: { appId: 'bank', serviceName: 'fake', version: '1.0.0' } });
      expect([refused.status, refused.json.errorCode]).toEqual([403, '403205']);
    } finally {
      await sc1.stop();
      await sc2.stop();
    }
  });

  test('a wrong peer password: one refused login, shown per peer with the alarm, then the fixed file is used without a restart', async () => {
    fs.writeFileSync(passwordFile, 'Wrong_Pass1\n');
    const sc2 = await startTestServer({ clusterName: 'sc2', tlsCert: certs.serverCert, tlsKey: certs.serverKey, rbacEnabled: true, rbacInitRootPassword: ROOT_PASSWORD });
    await createSyncAccount(sc2);
    const sc1 = await startTestServer(
      {
        clusterName: 'sc1',
        clusters: [{ name: 'sc2', urls: [sc2.url] }],
        tlsCa: certs.ca,
        peerAccount: 'sync-user',
        peerPasswordFile: passwordFile,
        ...fast,
      },
      options,
    );
    const plain = async (p: string) => (await fetch(`${sc1.url}${p}`)).json() as Promise<Record<string, unknown>>;
    try {
      const refused = await eventually(async () => {
        const sources = (await plain('/v4/default/admin/sources')).sources as { cluster: string; peer?: PeerState & { errors: number } }[];
        const peer = sources.find((s) => s.cluster === 'sc2')?.peer;
        // Several turns of the sync loop have passed: each found the login still refused.
        return peer?.login === 'refused' && peer.errors >= 3 ? peer : undefined;
      });
      expect(refused.lastError?.reason).toMatch(/^login as 'sync-user' refused: HTTP 401 401202 .*; check the account and its password file .*sync-password/);
      const alarms = (await plain('/v4/default/admin/alarms')).alarms as { id: string; fields: { detail: string } }[];
      expect(alarms.find((a) => a.id === 'BackendConnectionRefuse')?.fields.detail).toMatch(/sc2: .*login as 'sync-user' refused/);

      // The peer saw exactly one failed login: the account is neither hammered nor blocked.
      const root2 = client(await login(sc2, 'root', ROOT_PASSWORD));
      const metrics = await httpsCall(`${sc2.url}/metrics`, { ca: certs.ca }, { headers: { Authorization: `Bearer ${await login(sc2, 'root', ROOT_PASSWORD)}` } });
      expect(metrics.body).toMatch(/service_center_auth_failures_total\{code="401202"\} 1\n/);
      const locks = await root2(sc2, 'GET', '/v4/account-locks');
      expect(JSON.stringify(locks.json)).not.toMatch(/banned/);

      fs.writeFileSync(passwordFile, `${SYNC_PASSWORD}\n`);
      const fixed = await eventually(async () => {
        const sources = (await plain('/v4/default/admin/sources')).sources as { cluster: string; peer?: PeerState & { ok: boolean } }[];
        const peer = sources.find((s) => s.cluster === 'sc2')?.peer;
        return peer?.ok && peer.login === 'accepted' ? peer : undefined;
      });
      expect(fixed.lastError).toBeUndefined();
    } finally {
      await sc1.stop();
      await sc2.stop();
    }
  });
});
