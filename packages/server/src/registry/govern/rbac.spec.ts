// The govern routes with RBAC on: a token is needed, they are checked as resource `service`
// (verb get), and a role's labels filter their lists.
import { startTestServer } from '../../__tests__/test-server';
import { REG, TestServer, call, errorCodeOf } from '../../__tests__/services-client';
import { GOV, detailsById } from '../../__tests__/govern-fixtures';

const ROOT_PASSWORD = 'Root_Pass1';
const PASSWORD = 'Dev_Pass12';

jest.setTimeout(60_000);

describe('govern routes with RBAC on', () => {
  let server: TestServer;
  let root: string;
  const ids: Record<string, string> = {};

  const as = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
  const login = async (name: string, password: string) => {
    const r = await call(server, 'POST', '/v4/token', { body: { name, password } });
    if (r.status !== 200) throw new Error(`login ${name}: ${r.status} ${r.text}`);
    return (r.json as { token: string }).token;
  };
  const withRole = async (name: string, perms: unknown) => {
    expect((await call(server, 'POST', '/v4/roles', { ...as(root), body: { name, perms } })).status).toBe(200);
    expect((await call(server, 'POST', '/v4/accounts', { ...as(root), body: { name: `${name}-user`, password: PASSWORD, roles: [name] } })).status).toBe(200);
    return login(`${name}-user`, PASSWORD);
  };

  beforeAll(async () => {
    server = await startTestServer({ rbacEnabled: true, rbacInitRootPassword: ROOT_PASSWORD });
    root = await login('root', ROOT_PASSWORD);
    for (const [appId, serviceName] of [['shop', 'cart'], ['bank', 'ledger']] as const) {
      const r = await call(server, 'POST', `${REG}/microservices`, { ...as(root), body: { service: { appId, serviceName, version: '1.0.0' } } });
      ids[serviceName] = (r.json as { serviceId: string }).serviceId;
    }
    const dep = await call(server, 'PUT', `${REG}/dependencies`, {
      ...as(root),
      body: { dependencies: [{ consumer: { appId: 'shop', serviceName: 'cart', version: '1.0.0' }, providers: [{ appId: 'bank', serviceName: 'ledger' }] }] },
    });
    expect(dep.status).toBe(200);
  });
  afterAll(async () => server.stop());

  const routes = () => [
    `${GOV}/microservices`,
    `${GOV}/microservices/${ids.cart}`,
    `${GOV}/relations`,
    `${GOV}/apps`,
    `${GOV}/statistics`,
  ];

  test('without a token every route is 401204; with root 200', async () => {
    for (const p of routes()) {
      const r = await call(server, 'GET', p);
      expect([p, r.status, errorCodeOf(r)]).toEqual([p, 401, '401204']);
      expect([p, (await call(server, 'GET', p, as(root))).status]).toEqual([p, 200]);
    }
  });

  test('a role without the service resource is refused (403205)', async () => {
    const ops = await withRole('ops-only', [{ resources: [{ type: 'ops' }], verbs: ['get'] }]);
    for (const p of routes()) expect([p, errorCodeOf(await call(server, 'GET', p, as(ops)))]).toEqual([p, '403205']);
  });

  test('a role with service/get but not create may read', async () => {
    const reader = await withRole('reader', [{ resources: [{ type: 'service' }], verbs: ['get'] }]);
    for (const p of routes()) expect([p, (await call(server, 'GET', p, as(reader))).status]).toEqual([p, 200]);
  });

  test("a role labelled appId=shop sees only shop's services in every list, and is refused another app's detail", async () => {
    const shop = await withRole('shop-viewer', [{ resources: [{ type: 'service', labels: { appId: 'shop' } }], verbs: ['get'] }]);
    const get = async (p: string) => (await call(server, 'GET', p, as(shop))).json;
    const list = detailsById(await get(`${GOV}/microservices?options=dependencies`));
    expect([...list.keys()]).toEqual([ids.cart]);
    // cart's provider (bank/ledger) is not the caller's to see.
    expect(list.get(ids.cart)).not.toHaveProperty('providers');
    expect(await get(`${GOV}/apps`)).toEqual({ appIds: ['shop'] });
    expect(await get(`${GOV}/relations`)).toEqual({ nodes: [expect.objectContaining({ id: ids.cart })], lines: null, circles: null });
    expect(await get(`${GOV}/statistics`)).toEqual({ statistics: { services: { count: 1 }, instances: {}, apps: { count: 1 } } });
    expect((await call(server, 'GET', `${GOV}/microservices/${ids.cart}`, as(shop))).status).toBe(200);
    expect(errorCodeOf(await call(server, 'GET', `${GOV}/microservices/${ids.ledger}`, as(shop)))).toBe('403205');
  });
});
