// Accounts, roles and login locks are per cluster: a peer that syncs this server never receives them.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTestServer } from '../__tests__/test-server';
import { eventually } from '../__tests__/instances-helpers';
import { REG, TestServer, call } from '../__tests__/services-client';

const ROOT_PASSWORD = 'Root_Pass1';
const fast = { syncInterval: 1, peerTimeout: 2 };
const options = { federation: { pollWaitMs: 500, tickMs: 100 } };

async function rootToken(server: TestServer): Promise<{ headers: Record<string, string> }> {
  const r = await call(server, 'POST', '/v4/token', { body: { name: 'root', password: ROOT_PASSWORD } });
  return { headers: { Authorization: `Bearer ${(r.json as { token: string }).token}` } };
}

test('a peer syncing a server whose store holds accounts gets its services, never its accounts', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-rbac-peer-'));
  try {
    // sc1 with RBAC: root, an account, a role, a lock and a service end up in its store.
    const rbac = { rbacEnabled: true, rbacInitRootPassword: ROOT_PASSWORD };
    let sc1 = await startTestServer({ clusterName: 'sc1', dataDir, ...rbac });
    const root = await rootToken(sc1);
    await call(sc1, 'POST', '/v4/roles', { ...root, body: { name: 'peer', perms: [{ resources: [{ type: 'ops' }], verbs: ['get'] }] } });
    expect((await call(sc1, 'POST', '/v4/accounts', { ...root, body: { name: 'secret-peer', password: 'Peer_Pass1', roles: ['peer'] } })).status).toBe(200);
    await call(sc1, 'POST', '/v4/token', { body: { name: 'secret-peer', password: 'Wrong_Pass1' } });
    const svc = await call(sc1, 'POST', `${REG}/microservices`, { ...root, body: { service: { appId: 'fed', serviceName: 'orders', version: '1.0.0' } } });
    expect(svc.status).toBe(200);
    await sc1.stop();

    // The same store served without RBAC, so a peer without credentials can pull it all.
    sc1 = await startTestServer({ clusterName: 'sc1', dataDir, ...fast }, options);
    const sc2 = await startTestServer({ clusterName: 'sc2', clusters: [{ name: 'sc1', urls: [sc1.url] }], ...fast }, options);
    try {
      await eventually(async () => {
        const r = await call(sc2, 'GET', `${REG}/microservices?global=true`);
        return r.text.includes('"orders"');
      }, 15_000);
      const leaks = /secret-peer|cse-sr\/(accounts|roles|account-locks)|scrypt|Peer_Pass1/;
      for (const [server, p] of [
        [sc1, '/v4/default/admin/dump'],
        [sc2, '/v4/default/admin/dump'],
        [sc1, '/v4/default/admin/changes?since=0'],
        [sc2, `${REG}/microservices?global=true`],
      ] as const) {
        const r = await call(server, 'GET', p);
        expect(r.status).toBe(200);
        expect(r.text).not.toMatch(leaks);
      }
    } finally {
      await sc2.stop();
      await sc1.stop();
    }

    // And the records were there all along: sc1 with RBAC again still knows the account.
    sc1 = await startTestServer({ clusterName: 'sc1', dataDir, ...rbac });
    try {
      const list = await call(sc1, 'GET', '/v4/accounts', await rootToken(sc1));
      expect(list.text).toContain('secret-peer');
    } finally {
      await sc1.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
