import { startTestServer } from '../../__tests__/test-server';
import { TestServer, call, errorCodeOf } from '../../__tests__/services-client';
import { GOV, seedShop } from '../../__tests__/govern-fixtures';

describe('GET /govern/apps', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await seedShop(server);
  });
  afterAll(async () => server.stop());

  const apps = async (query = '') => {
    const r = await call(server, 'GET', `${GOV}/apps${query}`);
    expect(r.status).toBe(200);
    return r.json;
  };

  test('distinct appIds of the services without an environment; Service-Center hidden', async () => {
    expect(await apps()).toEqual({ appIds: ['bank', 'shop'] });
  });

  test('env picks exactly that environment', async () => {
    expect(await apps('?env=production')).toEqual({ appIds: ['ops'] });
    expect(await apps('?env=testing')).toEqual({});
  });

  test("withShared adds Service-Center's app", async () => {
    expect(await apps('?withShared=true')).toEqual({ appIds: ['bank', 'default', 'shop'] });
  });

  test('none: {}', async () => {
    const r = await call(server, 'GET', '/v4/void/govern/apps');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({});
  });

  test('an environment Service-Center does not know is 400001', async () => {
    const r = await call(server, 'GET', `${GOV}/apps?env=staging`);
    expect(r.status).toBe(400);
    expect(errorCodeOf(r)).toBe('400001');
  });
});
