import { startTestServer } from '../../__tests__/test-server';
import { REG, TestServer, call, createService } from '../../__tests__/services-client';
import { GOV, ShopIds, seedShop } from '../../__tests__/govern-fixtures';

describe('GET /govern/statistics', () => {
  let server: TestServer;
  let ids: ShopIds;
  beforeAll(async () => {
    server = await startTestServer();
    ids = await seedShop(server);
  });
  afterAll(async () => server.stop());

  const statistics = async (path = `${GOV}/statistics`) => {
    const r = await call(server, 'GET', path);
    expect(r.status).toBe(200);
    return r.json;
  };

  test('services by env/app/name (versions collapsed), online ones, instances, apps; Service-Center never counted', async () => {
    const expected = { statistics: { services: { count: 3, onlineCount: 2 }, instances: { count: 3, countByDomain: 3 }, apps: { count: 3 } } };
    expect(await statistics()).toEqual(expected);
    expect(await statistics(`${GOV}/statistics?withShared=true`)).toEqual(expected);
  });

  test('the same as the list option', async () => {
    const list = await call(server, 'GET', `${GOV}/microservices?options=statistics`);
    expect(list.json).toEqual(await statistics());
  });

  test('counts follow registrations: a new version and an instance', async () => {
    await createService(server, { appId: 'ops', serviceName: 'audit', version: '2.0.0', environment: 'production' });
    const audit2 = (await call(server, 'GET', `${REG}/existence?type=microservice&env=production&appId=ops&serviceName=audit&version=2.0.0`)).json as { serviceId: string };
    const r = await call(server, 'POST', `${REG}/microservices/${audit2.serviceId}/instances`, { body: { instance: { hostName: 'a2', endpoints: ['rest://10.0.0.9:80'] } } });
    expect(r.status).toBe(200);
    expect(await statistics()).toEqual({ statistics: { services: { count: 3, onlineCount: 3 }, instances: { count: 4, countByDomain: 4 }, apps: { count: 3 } } });
    expect(ids.audit).not.toBe(audit2.serviceId);
  });

  test('an empty project: zero counts omitted', async () => {
    expect(await statistics('/v4/empty/govern/statistics')).toEqual({ statistics: { services: {}, instances: {}, apps: {} } });
  });
});
