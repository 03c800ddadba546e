import { startTestServer } from '../../__tests__/test-server';
import { TestServer, call, errorCodeOf } from '../../__tests__/services-client';
import { GOV, GovernDetail, ShopIds, seedShop } from '../../__tests__/govern-fixtures';

describe('GET /govern/microservices/{serviceId}', () => {
  let server: TestServer;
  let ids: ShopIds;
  beforeAll(async () => {
    server = await startTestServer();
    ids = await seedShop(server);
  });
  afterAll(async () => server.stop());

  const detail = async (id: string, query = '') => {
    const r = await call(server, 'GET', `${GOV}/microservices/${id}${query}`);
    expect(r.status).toBe(200);
    return (r.json as { service: GovernDetail }).service;
  };

  test('everything about the service: definition with schema ids, versions, tags, schemas, dependencies, instances', async () => {
    const cart = await detail(ids.cart1);
    expect(Object.keys(cart)).toEqual(['microService', 'instances', 'schemaInfos', 'providers', 'tags', 'microServiceVersions']);
    expect(cart.microService).toMatchObject({ serviceId: ids.cart1, serviceName: 'cart', schemas: ['s1'] });
    expect(cart.microServiceVersions?.sort()).toEqual(['1.0.0', '1.1.0']);
    expect(cart.tags).toEqual({ tier: 'gold' });
    expect(cart.schemaInfos).toEqual([{ schemaId: 's1', summary: 'sum1', schema: 'openapi: 3.0.0' }]);
    expect(cart.providers?.map((s) => s.serviceId)).toEqual([ids.pay]);
    // Unlike the list, instances keep every property.
    expect(cart.instances).toEqual([expect.objectContaining({ instanceId: ids.cartInstance, properties: { zone: 'z1', engine: 'blue' } })]);
  });

  test('the other side: consumers; a service with nothing around it carries only what it has', async () => {
    const pay = await detail(ids.pay);
    expect(pay.consumers?.map((s) => s.serviceId)).toEqual([ids.cart1]);
    expect(pay).not.toHaveProperty('providers');
    expect(pay.instances).toHaveLength(2);
    const audit = await detail(ids.audit);
    expect(Object.keys(audit)).toEqual(['microService', 'microServiceVersions']);
    expect(audit.microServiceVersions).toEqual(['1.0.0']);
  });

  test('options are ignored here (the UIs send them)', async () => {
    expect(await detail(ids.cart1, '?options=instances')).toEqual(await detail(ids.cart1));
  });

  test('a self-dependency lists the service as its own provider and consumer', async () => {
    const r = await call(server, 'PUT', '/v4/default/registry/dependencies', {
      body: { dependencies: [{ consumer: { appId: 'ops', serviceName: 'audit', version: '1.0.0', environment: 'production' }, providers: [{ serviceName: 'audit' }] }] },
    });
    expect(r.status).toBe(200);
    const audit = await detail(ids.audit);
    expect(audit.providers?.map((s) => s.serviceId)).toEqual([ids.audit]);
    expect(audit.consumers?.map((s) => s.serviceId)).toEqual([ids.audit]);
  });

  test('an unknown id is 400012; an id over 64 characters 400001', async () => {
    const unknown = await call(server, 'GET', `${GOV}/microservices/not-there`);
    expect(unknown.status).toBe(400);
    expect(errorCodeOf(unknown)).toBe('400012');
    const long = await call(server, 'GET', `${GOV}/microservices/${'x'.repeat(65)}`);
    expect(errorCodeOf(long)).toBe('400001');
  });

  test("another project's service is unknown here", async () => {
    expect(errorCodeOf(await call(server, 'GET', `/v4/other/govern/microservices/${ids.cart1}`))).toBe('400012');
  });
});
