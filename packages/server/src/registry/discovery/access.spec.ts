import { startTestServer } from '../../__tests__/test-server';
import { call, createInstance, createService, find, uniqueName } from '../../__tests__/instances-helpers';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const base = '/v4/default/registry';

/** Consumer checks, environments, cross-app access, tags and the global service (SC's datasource/etcd/util/rule_util.go, server/service/disco/instance_test.go). */
describe('find: consumers, access, tags, global service', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = await startTestServer();
    url = server.url;
  });
  afterAll(async () => {
    await server.stop();
  });

  const idsOf = (r: { body: { instances?: { instanceId: string }[] } }) => (r.body.instances ?? []).map((i) => i.instanceId);

  test("the consumer's environment replaces the env query", async () => {
    const name = uniqueName('env');
    const dev = await createService(url, { serviceName: name, environment: 'development' });
    const prod = await createService(url, { serviceName: name, environment: 'production' });
    const devInst = await createInstance(url, dev, { hostName: 'd' });
    await createInstance(url, prod, { hostName: 'p' });
    const consumer = await createService(url, { serviceName: uniqueName('c'), environment: 'development' });
    const r = await find(url, { appId: 'app', serviceName: name, env: 'production' }, { 'X-ConsumerId': consumer });
    expect(idsOf(r)).toEqual([devInst]);
    // Without a consumer the env query counts; '' is an environment of its own.
    expect(idsOf(await find(url, { appId: 'app', serviceName: name, env: 'development' }))).toEqual([devInst]);
    expect((await find(url, { appId: 'app', serviceName: name })).body.errorCode).toBe('400012');
  });

  test('another app is hidden unless the provider allows cross-app access', async () => {
    const closed = uniqueName('closed');
    const open = uniqueName('open');
    const closedId = await createService(url, { serviceName: closed, appId: 'other' });
    const openId = await createService(url, { serviceName: open, appId: 'other', properties: { allowCrossApp: 'TRUE' } });
    await createInstance(url, closedId, { hostName: 'c' });
    const openInst = await createInstance(url, openId, { hostName: 'o' });
    const consumer = await createService(url, { serviceName: uniqueName('c') });
    const hidden = await find(url, { appId: 'other', serviceName: closed }, { 'X-ConsumerId': consumer });
    expect(hidden.status).toBe(200);
    expect(hidden.body).toEqual({});
    expect(idsOf(await find(url, { appId: 'other', serviceName: open }, { 'X-ConsumerId': consumer }))).toEqual([openInst]);
    // No dependency is recorded for a provider the consumer may not see.
    const providers = await call<{ providers?: { serviceId: string }[] }>(url, 'GET', `${base}/microservices/${consumer}/providers`);
    expect((providers.body.providers ?? []).map((p) => p.serviceId)).toEqual([openId]);
  });

  test('list and get by provider id: a consumer of another app gets 400012 (list) / 400017 (get)', async () => {
    const provider = await createService(url, { serviceName: uniqueName('p'), appId: 'other' });
    const id = await createInstance(url, provider, { hostName: 'h' });
    const consumer = await createService(url, { serviceName: uniqueName('c') });
    const h = { 'X-ConsumerId': consumer };
    expect((await call(url, 'GET', `${base}/microservices/${provider}/instances`, { headers: h })).body.errorCode).toBe('400012');
    expect((await call(url, 'GET', `${base}/microservices/${provider}/instances/${id}`, { headers: h })).body.errorCode).toBe('400017');
    // The provider as its own consumer, or no consumer: fine.
    const self = { 'X-ConsumerId': provider };
    expect((await call(url, 'GET', `${base}/microservices/${provider}/instances/${id}`, { headers: self })).status).toBe(200);
    expect((await call(url, 'GET', `${base}/microservices/${provider}/instances/${id}`)).status).toBe(200);
    const ghost = { 'X-ConsumerId': 'ghost' };
    expect((await call(url, 'GET', `${base}/microservices/${provider}/instances/${id}`, { headers: ghost })).body.errorCode).toBe('400012');
  });

  test('tags: only providers holding every requested tag key', async () => {
    const name = uniqueName('tag');
    const tagged = await createService(url, { serviceName: name, version: '1.0.0' });
    const plain = await createService(url, { serviceName: name, version: '2.0.0' });
    const taggedInst = await createInstance(url, tagged, { hostName: 't' });
    await createInstance(url, plain, { hostName: 'p' });
    expect((await call(url, 'POST', `${base}/microservices/${tagged}/tags`, { body: { tags: { test: 'yes', other: 'x' } } })).status).toBe(200);
    expect(idsOf(await find(url, { appId: 'app', serviceName: name, tags: 'test' }))).toEqual([taggedInst]);
    expect(idsOf(await find(url, { appId: 'app', serviceName: name, tags: 'test,other' }))).toEqual([taggedInst]);
    expect(await find(url, { appId: 'app', serviceName: name, tags: 'not-exist-tag' })).toMatchObject({ status: 200, body: {} });
    const get = (tags: string) => call(url, 'GET', `${base}/microservices/${tagged}/instances/${taggedInst}?tags=${tags}`);
    expect((await get('test')).status).toBe(200);
    expect((await get('not-exist-tag')).body.errorCode).toBe('400017');
    expect((await call(url, 'GET', `${base}/microservices/${plain}/instances?tags=test`)).body.errorCode).toBe('400012');
  });

  test('SERVICECENTER is found by key from any tenant, without a consumer check, and records no dependency', async () => {
    const other = { 'X-Domain-Name': 'user' };
    const scFind = (consumerId: string) =>
      call<{ instances: { endpoints: string[] }[] }>(url, 'GET', '/v4/default/registry/instances?appId=default&serviceName=SERVICECENTER', {
        headers: { ...other, 'X-ConsumerId': consumerId },
      });
    const r = await scFind('not-even-there');
    expect(r.status).toBe(200);
    expect(r.body.instances[0].endpoints).toEqual([`rest://127.0.0.1:${server.port}/`]);
    const consumer = await createService(url, { serviceName: uniqueName('c') }, other);
    expect((await scFind(consumer)).status).toBe(200);
    const providers = await call(url, 'GET', `/v4/default/registry/microservices/${consumer}/providers`, { headers: other });
    expect(providers.status).toBe(200);
    expect(providers.body).toEqual({});
    // By instance key it is not visible from another tenant.
    const health = await call<{ instances: { serviceId: string; instanceId: string }[] }>(url, 'GET', '/health');
    const [sc] = health.body.instances;
    const batch = await call<{ instances: { failed: { indexes: number[]; error: { errorCode: string } }[] } }>(
      url,
      'POST',
      '/v4/default/registry/instances/action?type=query',
      { headers: other, body: { instances: [{ instance: { serviceId: sc.serviceId, instanceId: sc.instanceId } }] } },
    );
    expect(batch.body.instances.failed[0].error.errorCode).toBe('400012');
  });
});
