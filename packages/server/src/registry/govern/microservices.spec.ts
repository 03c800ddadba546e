import { startTestServer } from '../../__tests__/test-server';
import { TestServer, call, errorCodeOf } from '../../__tests__/services-client';
import { GOV, GovernList, ShopIds, detailsById, seedShop } from '../../__tests__/govern-fixtures';

describe('GET /govern/microservices', () => {
  let server: TestServer;
  let ids: ShopIds;
  beforeAll(async () => {
    server = await startTestServer();
    ids = await seedShop(server);
  });
  afterAll(async () => server.stop());

  const list = async (query = '') => {
    const r = await call(server, 'GET', `${GOV}/microservices${query}`);
    expect(r.status).toBe(200);
    return r.json as GovernList;
  };
  const names = (body: GovernList) => (body.allServicesDetail ?? []).map((d) => `${d.microService.serviceName}@${d.microService.version}`).sort();

  test('no options: each service alone, without its schema ids; Service-Center itself hidden', async () => {
    const body = await list();
    expect(Object.keys(body)).toEqual(['allServicesDetail']);
    expect(names(body)).toEqual(['audit@1.0.0', 'cart@1.0.0', 'cart@1.1.0', 'pay@1.0.0']);
    const cart = detailsById(body).get(ids.cart1);
    expect(Object.keys(cart ?? {})).toEqual(['microService']);
    expect(cart?.microService).toMatchObject({ serviceId: ids.cart1, appId: 'shop', properties: { team: 'a' } });
    expect(cart?.microService).not.toHaveProperty('schemas');
  });

  test('withShared=true lists Service-Center itself', async () => {
    const shared = (body: GovernList) => names(body).filter((n) => n.startsWith('SERVICECENTER@'));
    expect(shared(await list('?withShared=true'))).toHaveLength(1);
    expect(shared(await list('?withShared=1'))).toHaveLength(1);
    expect(shared(await list('?withShared=false'))).toEqual([]);
    expect(names(await list('?withShared=true'))).toHaveLength(5);
  });

  test('options=tags: tags only where there are some', async () => {
    const d = detailsById(await list('?options=tags'));
    expect(d.get(ids.cart1)).toEqual({ microService: expect.any(Object), tags: { tier: 'gold' } });
    expect(Object.keys(d.get(ids.pay) ?? {})).toEqual(['microService']);
  });

  test('options=instances: the instances, their properties reduced to the inner ones (none configured: none)', async () => {
    const d = detailsById(await list('?options=instances'));
    expect(d.get(ids.cart1)?.instances?.map((i) => i.instanceId)).toEqual([ids.cartInstance]);
    expect(d.get(ids.cart1)?.instances?.[0]).not.toHaveProperty('properties');
    expect(d.get(ids.pay)?.instances?.map((i) => i.instanceId).sort()).toEqual([...ids.payInstances].sort());
    expect(d.get(ids.cart2)).not.toHaveProperty('instances');
  });

  test('options=schemas: schema infos with content', async () => {
    const d = detailsById(await list('?options=schemas'));
    expect(d.get(ids.cart1)?.schemaInfos).toEqual([{ schemaId: 's1', summary: 'sum1', schema: 'openapi: 3.0.0' }]);
    expect(d.get(ids.pay)).not.toHaveProperty('schemaInfos');
  });

  test('options=dependencies: providers and consumers, the service itself left out', async () => {
    const d = detailsById(await list('?options=dependencies'));
    expect(d.get(ids.cart1)?.providers?.map((s) => s.serviceId)).toEqual([ids.pay]);
    expect(d.get(ids.cart1)).not.toHaveProperty('consumers');
    expect(d.get(ids.pay)?.consumers?.map((s) => s.serviceId)).toEqual([ids.cart1]);
    expect(d.get(ids.pay)).not.toHaveProperty('providers');
    expect(Object.keys(d.get(ids.audit) ?? {})).toEqual(['microService']);
  });

  test('options=all: every detail and the statistics', async () => {
    const body = await list('?options=all');
    const cart = detailsById(body).get(ids.cart1);
    expect(Object.keys(cart ?? {})).toEqual(['microService', 'instances', 'schemaInfos', 'providers', 'tags']);
    expect(body.statistics).toEqual({ services: { count: 3, onlineCount: 2 }, instances: { count: 3, countByDomain: 3 }, apps: { count: 3 } });
  });

  test('options=statistics alone: the statistics without the list; with another option, both', async () => {
    expect(Object.keys(await list('?options=statistics'))).toEqual(['statistics']);
    const both = await list('?options=statistics,tags');
    expect(Object.keys(both).sort()).toEqual(['allServicesDetail', 'statistics']);
    expect(detailsById(both).get(ids.cart1)?.tags).toEqual({ tier: 'gold' });
    // With withShared the statistics count Service-Center too.
    expect(await list('?options=statistics&withShared=true')).toEqual({
      statistics: { services: { count: 4, onlineCount: 3 }, instances: { count: 4, countByDomain: 4 }, apps: { count: 4 } },
    });
  });

  test('unknown options are ignored, names are not trimmed', async () => {
    const d = detailsById(await list('?options=bogus,%20tags'));
    expect(Object.keys(d.get(ids.cart1) ?? {})).toEqual(['microService']);
    expect(Object.keys(detailsById(await list('?options=bogus,tags')).get(ids.cart1) ?? {})).toEqual(['microService', 'tags']);
  });

  test('countOnly=1: instance counts in statics instead of instances', async () => {
    const d = detailsById(await list('?options=instances&countOnly=1'));
    expect(d.get(ids.pay)).toEqual({ microService: expect.any(Object), statics: { instances: { count: 2 } } });
    expect(d.get(ids.cart2)).toEqual({ microService: expect.any(Object), statics: { instances: {} } });
    expect(detailsById(await list('?options=tags&countOnly=1')).get(ids.pay)).toEqual({ microService: expect.any(Object), statics: {} });
    expect(detailsById(await list('?options=instances&countOnly=0')).get(ids.pay)?.instances).toHaveLength(2);
    expect(detailsById(await list('?options=instances&countOnly=%20')).get(ids.pay)?.instances).toHaveLength(2);
  });

  test.each(['2', 'true', 'yes', ' 1'])('countOnly=%p is 400001', async (v) => {
    const r = await call(server, 'GET', `${GOV}/microservices?countOnly=${encodeURIComponent(v)}`);
    expect(r.status).toBe(400);
    expect(errorCodeOf(r)).toBe('400001');
    expect(r.json).toMatchObject({ detail: 'parameter countOnly must be 1 or 0' });
  });

  test('filters: exact env, appId and serviceName', async () => {
    expect(names(await list('?env=production'))).toEqual(['audit@1.0.0']);
    expect(names(await list('?appId=shop'))).toEqual(['cart@1.0.0', 'cart@1.1.0']);
    expect(names(await list('?serviceName=pay'))).toEqual(['pay@1.0.0']);
    expect(names(await list('?appId=shop&serviceName=pay'))).toEqual([]);
    expect(names(await list('?appId=sho'))).toEqual([]);
  });

  test('property filters: k:v, k alone for an empty value, all must match', async () => {
    expect(names(await list('?property=team:a'))).toEqual(['cart@1.0.0']);
    expect(names(await list('?property=pci'))).toEqual(['pay@1.0.0']);
    expect(names(await list('?property=team:b&property=pci'))).toEqual(['pay@1.0.0']);
    expect(names(await list('?property=team:a&property=pci'))).toEqual([]);
    expect(names(await list('?property=team'))).toEqual([]);
  });

  test('nothing matches: {}', async () => {
    expect(await list('?appId=nothing-here')).toEqual({});
    const r = await call(server, 'GET', '/v4/empty-project/govern/microservices?options=all');
    expect(r.json).toEqual({ statistics: { services: {}, instances: {}, apps: {} } });
  });
});

describe('GET /govern/microservices with inner instance properties', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ instanceProperties: { zone: 'z9' } });
  });
  afterAll(async () => server.stop());

  test("instances keep only the server's inner property keys", async () => {
    const ids = await seedShop(server);
    const r = await call(server, 'GET', `${GOV}/microservices?options=instances`);
    const d = detailsById(r.json);
    expect(d.get(ids.cart1)?.instances?.[0]?.properties).toEqual({ zone: 'z1' });
    const pay = d.get(ids.pay)?.instances ?? [];
    expect(pay.map((i) => i.properties ?? 'none').sort()).toEqual([{ zone: 'z1' }, 'none']);
  });
});
