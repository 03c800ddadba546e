// With RBAC on, a peer-bound export rule binds to the token's account, and a declared
// cluster name cannot widen it; the reload route needs the ops permission.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTestServer } from '../__tests__/test-server';
import { REG, TestServer, call } from '../__tests__/services-client';
import { eventually } from '../__tests__/instances-helpers';

jest.setTimeout(60_000); // bcrypt logins on a busy 2-core machine

const ROOT_PASSWORD = 'Root_Pass1';
const PEER_PASSWORD = 'Peer_Pass1';
const options = { federation: { pollWaitMs: 500, tickMs: 100 } };

async function token(server: TestServer, name: string, password: string): Promise<Record<string, string>> {
  const r = await call(server, 'POST', '/v4/token', { body: { name, password } });
  if (r.status !== 200) throw new Error(`login ${name}: ${r.status}`);
  return { Authorization: `Bearer ${(r.json as { token: string }).token}` };
}

async function dumpNames(server: TestServer, headers: Record<string, string>): Promise<string[]> {
  const r = await call(server, 'GET', '/v4/default/admin/dump', { headers });
  const services = ((r.json as { cache?: { services?: { value?: { serviceName?: string } }[] } }).cache?.services ?? []);
  return services.map((s) => s.value?.serviceName ?? '');
}

test('peer-bound export rules follow the account; a puller logged in as that account receives them', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-export-rbac-'));
  const passwordFile = path.join(dir, 'peer-password');
  fs.writeFileSync(passwordFile, `${PEER_PASSWORD}\n`);
  const rbac = { rbacEnabled: true, rbacInitRootPassword: ROOT_PASSWORD };
  const sc1 = await startTestServer({ clusterName: 'sc1', ...rbac, exports: [{ appId: 'shop' }, { appId: 'ops', peers: ['peer-ops'] }] }, options);
  let sc2: Awaited<ReturnType<typeof startTestServer>> | undefined;
  try {
    const root = await token(sc1, 'root', ROOT_PASSWORD);
    await call(sc1, 'POST', '/v4/roles', { headers: root, body: { name: 'peer', perms: [{ resources: [{ type: 'ops' }], verbs: ['get'] }] } });
    for (const name of ['peer-ops', 'peer-other']) {
      expect((await call(sc1, 'POST', '/v4/accounts', { headers: root, body: { name, password: PEER_PASSWORD, roles: ['peer'] } })).status).toBe(200);
    }
    for (const [appId, serviceName] of [['shop', 'cart'], ['ops', 'probe'], ['internal', 'secret']]) {
      expect((await call(sc1, 'POST', `${REG}/microservices`, { headers: root, body: { service: { appId, serviceName, version: '1.0.0' } } })).status).toBe(200);
    }
    const opsPeer = await token(sc1, 'peer-ops', PEER_PASSWORD);
    const other = await token(sc1, 'peer-other', PEER_PASSWORD);
    expect((await dumpNames(sc1, opsPeer)).sort()).toEqual(['cart', 'probe']);
    // Declaring the bound name does not help: under RBAC the account decides.
    expect(await dumpNames(sc1, { ...other, 'x-sc-cluster': 'peer-ops' })).toEqual(['cart']);

    // A puller logged in as peer-ops gets probe; its x-sc-cluster (sc2) plays no part.
    sc2 = await startTestServer(
      { clusterName: 'sc2', clusters: [{ name: 'sc1', urls: [sc1.url] }], peerAccount: 'peer-ops', peerPasswordFile: passwordFile, syncInterval: 30 },
      options,
    );
    await eventually(async () => {
      const r = await call(sc2 as TestServer, 'GET', `${REG}/microservices?global=true`);
      return r.text.includes('"probe"');
    }, 20_000);
    const r = await call(sc2, 'GET', `${REG}/microservices?global=true`);
    expect(r.text).toContain('"cart"');
    expect(r.text).not.toContain('"secret"');

    // Reload is an ops action: a role that may only read ops is refused.
    const refused = await call(sc1, 'POST', '/v4/default/admin/reload', { headers: other });
    expect(refused.status).toBe(403);
    expect((refused.json as { errorCode: string }).errorCode).toBe('403205');
    expect((await call(sc1, 'POST', '/v4/default/admin/reload', { headers: root })).status).toBe(200);
  } finally {
    await sc2?.stop();
    await sc1.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
