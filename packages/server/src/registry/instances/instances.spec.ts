import { startTestServer } from '../../__tests__/test-server';
import {
  SAMPLE_INSTANCE,
  WireInstance,
  call,
  createInstance,
  createService,
  find,
  uniqueName,
} from '../../__tests__/instances-helpers';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const APP = 'integrationtestAppIdInstance';

/** The cases of SC's integration/instances_test.go and the HTTP-visible ones of server/service/disco/instance_test.go. */
describe('instances over HTTP', () => {
  let server: Server;
  let url: string;
  let name: string;
  let providerId: string;
  let consumerId: string;
  let instanceId: string;
  const base = '/v4/default/registry';

  beforeAll(async () => {
    server = await startTestServer();
    url = server.url;
  });
  afterAll(async () => {
    await server.stop();
  });

  beforeEach(async () => {
    name = uniqueName('p');
    providerId = await createService(url, { serviceName: name, alias: `${APP}:${name}`, appId: APP, version: '0.0.2' });
    consumerId = await createService(url, { serviceName: `C_${name}`, appId: APP, version: '0.0.2' });
    instanceId = await createInstance(url, providerId, { ...SAMPLE_INSTANCE, environment: 'production' });
  });
  afterEach(async () => {
    expect((await call(url, 'DELETE', `${base}/microservices/${providerId}/instances/${instanceId}`)).status).toBe(200);
    expect((await call(url, 'DELETE', `${base}/microservices/${providerId}?force=true`)).status).toBe(200);
  });

  const listOf = async (sid = providerId) =>
    (await call<{ instances?: WireInstance[] }>(url, 'GET', `${base}/microservices/${sid}/instances`)).body.instances ?? [];

  test('register answers a generated 32-hex id and stores SC defaults', async () => {
    expect(instanceId).toMatch(/^[0-9a-f]{32}$/);
    const r = await call<{ instance: WireInstance }>(url, 'GET', `${base}/microservices/${providerId}/instances/${instanceId}`);
    expect(r.status).toBe(200);
    const i = r.body.instance;
    expect(i.serviceId).toBe(providerId);
    expect(i.version).toBe('0.0.2');
    expect(i.status).toBe('UP');
    expect(i.healthCheck).toEqual({ mode: 'push', interval: 30, times: 3 }); // times 2 raised to 3
    expect(i.timestamp).toMatch(/^\d+$/);
    expect(i.modTimestamp).toBe(i.timestamp);
    expect(Math.abs(Number(i.timestamp) - Date.now() / 1000)).toBeLessThan(5);
    expect(i.properties).toEqual(SAMPLE_INSTANCE.properties);
  });

  test('serviceId is forced from the path and properties are always present', async () => {
    const other = await createInstance(url, providerId, { hostName: 'h', serviceId: 'somethingelse' });
    const r = await call<{ instance: WireInstance }>(url, 'GET', `${base}/microservices/${providerId}/instances/${other}`);
    expect(r.body.instance.serviceId).toBe(providerId);
    expect(r.body.instance.properties).toEqual({});
    expect(r.body.instance.healthCheck).toEqual({ mode: 'push', interval: 30, times: 3 });
    await call(url, 'DELETE', `${base}/microservices/${providerId}/instances/${other}`);
  });

  test('a body without `instance` (typo instancse) is 400001', async () => {
    const r = await call(url, 'POST', `${base}/microservices/${providerId}/instances`, { body: { instancse: SAMPLE_INSTANCE } });
    expect(r.status).toBe(400);
    expect(r.body.errorCode).toBe('400001');
  });

  test('register with an existing instanceId answers the same id and keeps the stored data', async () => {
    const r = await call<{ instanceId: string }>(url, 'POST', `${base}/microservices/${providerId}/instances`, {
      body: { instance: { ...SAMPLE_INSTANCE, instanceId, hostName: 'changed', endpoints: ['rest://1.2.3.4:1'] } },
    });
    expect(r.status).toBe(200);
    expect(r.body.instanceId).toBe(instanceId);
    const [only] = await listOf();
    expect(only.endpoints).toEqual(SAMPLE_INSTANCE.endpoints);
  });

  test('register with a new custom instanceId creates it with that id', async () => {
    const id = await createInstance(url, providerId, { ...SAMPLE_INSTANCE, instanceId: 'customId' });
    expect(id).toBe('customId');
    expect((await listOf()).map((i) => i.instanceId).sort()).toEqual(['customId', instanceId].sort());
    expect((await call(url, 'DELETE', `${base}/microservices/${providerId}/instances/customId`)).status).toBe(200);
  });

  test('a second instance gets another id and can be unregistered', async () => {
    const second = await createInstance(url, providerId, {
      ...SAMPLE_INSTANCE,
      endpoints: ['cse://127.0.0.1:9985'],
      healthCheck: { mode: 'push', interval: 60, times: 3 },
    });
    expect(second).not.toBe(instanceId);
    expect((await listOf()).length).toBe(2);
    expect((await call(url, 'DELETE', `${base}/microservices/${providerId}/instances/${second}`)).status).toBe(200);
    expect((await listOf()).map((i) => i.instanceId)).toEqual([instanceId]);
  });

  test('register for an unknown service is 400012', async () => {
    const r = await call(url, 'POST', `${base}/microservices/notexist/instances`, { body: { instance: SAMPLE_INSTANCE } });
    expect(r.status).toBe(400);
    expect(r.body.errorCode).toBe('400012');
  });

  test('find with a consumer contains the instance and records consumer -> provider at once', async () => {
    const r = await find(url, { appId: APP, serviceName: name, version: '0.0.2' }, { 'X-ConsumerId': consumerId });
    expect(r.status).toBe(200);
    expect(r.body.instances?.map((i) => i.instanceId)).toContain(instanceId);
    const providers = await call<{ providers: { serviceId: string }[] }>(url, 'GET', `${base}/microservices/${consumerId}/providers`);
    expect(providers.body.providers[0].serviceId).toBe(providerId);
    const consumers = await call<{ consumers: { serviceId: string }[] }>(url, 'GET', `${base}/microservices/${providerId}/consumers`);
    expect(consumers.body.consumers.map((c) => c.serviceId)).toContain(consumerId);
    await call(url, 'DELETE', `${base}/microservices/${consumerId}?force=true`);
  });

  test('find with an unknown app is 400012', async () => {
    const r = await find(url, { appId: 'XXXX', serviceName: name, version: '0.0.2' }, { 'X-ConsumerId': consumerId });
    expect(r.status).toBe(400);
    expect(r.body.errorCode).toBe('400012');
  });

  test('list the provider instances (noCache, consumer header); an unknown provider is 400', async () => {
    const r = await call<{ instances: WireInstance[] }>(url, 'GET', `${base}/microservices/${providerId}/instances?noCache=true`, {
      headers: { 'X-ConsumerId': consumerId },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-resource-revision')).toBeTruthy();
    expect(r.body.instances.map((i) => i.instanceId)).toContain(instanceId);
    const bad = await call(url, 'GET', `${base}/microservices/XX/instances`);
    expect(bad.status).toBe(400);
    expect(bad.body.errorCode).toBe('400012');
  });

  test('get one instance; an unknown instance is 400017', async () => {
    const r = await call<{ instance: WireInstance }>(url, 'GET', `${base}/microservices/${providerId}/instances/${instanceId}`);
    expect(r.status).toBe(200);
    expect(r.body.instance.instanceId).toBe(instanceId);
    expect(r.headers.get('x-resource-revision')).toBeTruthy();
    const bad = await call(url, 'GET', `${base}/microservices/${providerId}/instances/XX`);
    expect(bad.status).toBe(400);
    expect(bad.body.errorCode).toBe('400017');
  });

  test('find by alias', async () => {
    const r = await find(url, { appId: APP, serviceName: `${APP}:${name}`, version: '0.0.2', noCache: 'true' });
    expect(r.status).toBe(200);
    expect(r.body.instances?.map((i) => i.instanceId)).toContain(instanceId);
  });

  test('find answers X-Resource-Revision, and 304 with it when rev matches', async () => {
    const q = { appId: APP, serviceName: name, version: '0.0.2' };
    const first = await find(url, q);
    const rev = first.headers.get('x-resource-revision');
    expect(rev).toBeTruthy();
    const again = await find(url, { ...q, rev: rev ?? '' });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('x-resource-revision')).toBe(rev);
  });

  test('properties are replaced; an unknown instance is 400', async () => {
    const props = { _TAGS: 'A,B', attr1: 'NewValue', nodeIP: 'two' };
    const r = await call(url, 'PUT', `${base}/microservices/${providerId}/instances/${instanceId}/properties`, { body: { properties: props } });
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    expect((await listOf())[0].properties).toEqual(props);
    const cleared = await call(url, 'PUT', `${base}/microservices/${providerId}/instances/${instanceId}/properties`, { body: {} });
    expect(cleared.status).toBe(200);
    expect((await listOf())[0].properties).toEqual({});
    const bad = await call(url, 'PUT', `${base}/microservices/${providerId}/instances/WRONGINSTANCEID/properties`, { body: { properties: {} } });
    expect(bad.status).toBe(400);
    expect(bad.body.errorCode).toBe('400017');
  });

  test('status DOWN is stored; INVALID or missing is 400001 and leaves it; unknown instance is 400017', async () => {
    const r = await call(url, 'PUT', `${base}/microservices/${providerId}/instances/${instanceId}/status?value=DOWN`);
    expect(r.status).toBe(200);
    expect((await listOf())[0].status).toBe('DOWN');
    const bad = await call(url, 'PUT', `${base}/microservices/${providerId}/instances/${instanceId}/status?value=INVALID`);
    expect(bad.status).toBe(400);
    expect(bad.body.errorCode).toBe('400001');
    expect((await listOf())[0].status).toBe('DOWN');
    const missing = await call(url, 'PUT', `${base}/microservices/${providerId}/instances/${instanceId}/status`);
    expect(missing.status).toBe(400);
    const unknown = await call(url, 'PUT', `${base}/microservices/${providerId}/instances/nope/status?value=UP`);
    expect(unknown.body.errorCode).toBe('400017');
  });

  test('heartbeat is 200 empty; an unknown instance is 400017', async () => {
    const r = await call(url, 'PUT', `${base}/microservices/${providerId}/instances/${instanceId}/heartbeat`);
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    const bad = await call(url, 'PUT', `${base}/microservices/${providerId}/instances/XXX/heartbeat`);
    expect(bad.status).toBe(400);
    expect(bad.body.errorCode).toBe('400017');
  });

  test('a plain GET on the watcher (no upgrade) is 400', async () => {
    const r = await call(url, 'GET', `${base}/microservices/${providerId}/watcher`);
    expect(r.status).toBe(400);
  });

  test('unregister an unknown instance is 400017', async () => {
    const r = await call(url, 'DELETE', `${base}/microservices/${providerId}/instances/nope`);
    expect(r.status).toBe(400);
    expect(r.body.errorCode).toBe('400017');
  });
});
