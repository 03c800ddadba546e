import { REG, TestServer, call, createService, detailOf, errorCodeOf, uniqueName } from '../../__tests__/services-client';
import { startTestServer } from '../../__tests__/test-server';

type Service = Record<string, unknown> & { serviceId: string; serviceName: string };

describe('microservices: register, get, list, properties (SC\'s integration/microservices_test.go)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  const getService = async (id: string) => (await call(server, 'GET', `${REG}/microservices/${id}`)).json as { service: Service };

  test('registers the integration-test service: 200, a 40-char id, readable back', async () => {
    const name = uniqueName();
    const r = await call(server, 'POST', `${REG}/microservices`, {
      body: {
        service: {
          serviceName: name,
          appId: 'integrationtestAppId',
          version: '0.0.1',
          description: 'examples',
          level: 'FRONT',
          schemas: ['testSchema'],
          status: 'UP',
          properties: { attr1: 'aa' },
        },
      },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    const id = (r.json as { serviceId: string }).serviceId;
    expect(id).toHaveLength(40);
    const got = await call(server, 'GET', `${REG}/microservices/${id}`);
    expect(got.status).toBe(200);
    const service = (got.json as { service: Service }).service;
    expect(service).toMatchObject({ serviceId: id, serviceName: name, appId: 'integrationtestAppId', level: 'FRONT', schemas: ['testSchema'] });
    expect(service.properties).toEqual({ attr1: 'aa' });
  });

  test('applies defaults and sets unix-second timestamps; environment stays absent', async () => {
    const before = Math.floor(Date.now() / 1000);
    const id = await createService(server, { serviceName: uniqueName() });
    const s = (await getService(id)).service;
    expect(s).toMatchObject({ appId: 'default', version: '0.0.1', level: 'BACK', status: 'UP' });
    expect(s).not.toHaveProperty('environment');
    expect(s.timestamp).toMatch(/^\d+$/);
    expect(Number(s.timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(s.timestamp)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(s.modTimestamp).toBe(s.timestamp);
  });

  test('the generated id is deterministic per key: delete and re-register gives the same id', async () => {
    const service = { serviceName: uniqueName(), appId: 'detApp', version: '1.0.0' };
    const id = await createService(server, service);
    expect((await call(server, 'DELETE', `${REG}/microservices/${id}?force=true`)).status).toBe(200);
    expect(await createService(server, service)).toBe(id);
  });

  test('register is idempotent by key: same key with another alias answers the existing id', async () => {
    const name = uniqueName();
    const id = await createService(server, { serviceName: name, appId: 'idem', version: '1.0.0', alias: 'first' });
    expect(await createService(server, { serviceName: name, appId: 'idem', version: '1.0.0', alias: 'second' })).toBe(id);
    expect(await createService(server, { serviceName: name, appId: 'idem', version: '1.0.0' })).toBe(id);
  });

  test('a different name whose alias collides answers the alias owner', async () => {
    const alias = uniqueName('alias');
    const owner = await createService(server, { serviceName: uniqueName(), appId: 'idem', version: '1.0.0', alias });
    expect(await createService(server, { serviceName: uniqueName(), appId: 'idem', version: '1.0.0', alias })).toBe(owner);
  });

  test('explicit serviceId: the same id for the same key is 200, another id for a taken key is 400010', async () => {
    const service = { serviceName: uniqueName(), appId: 'explicit', version: '1.0.0' };
    const id = await createService(server, service);
    expect(await createService(server, { ...service, serviceId: id })).toBe(id);
    const r = await call(server, 'POST', `${REG}/microservices`, { body: { service: { ...service, serviceId: 'customId' } } });
    expect(r.status).toBe(400);
    expect(errorCodeOf(r)).toBe('400010');
    expect(detailOf(r)).toBe('ServiceID conflict or found the same service with different id.');
  });

  test('explicit serviceId: a free key gets that id; reusing it for another service is 400010', async () => {
    const custom = uniqueName('custom');
    const id = await createService(server, { serviceName: uniqueName(), appId: 'explicit', serviceId: custom });
    expect(id).toBe(custom);
    const r = await call(server, 'POST', `${REG}/microservices`, { body: { service: { serviceName: uniqueName(), serviceId: custom } } });
    expect(errorCodeOf(r)).toBe('400010');
  });

  test('the same name/app/version in another environment is a distinct service', async () => {
    const service = { serviceName: uniqueName(), appId: 'envs', version: '1.0.0' };
    const plain = await createService(server, service);
    const prod = await createService(server, { ...service, environment: 'production' });
    expect(prod).not.toBe(plain);
    expect((await getService(prod)).service.environment).toBe('production');
  });

  test('the "all max" service registers (SC\'s server/service/disco/metadata_test.go)', async () => {
    const s254 = 'x'.repeat(254);
    const props = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`${i}${s254}`.slice(0, 254), s254]));
    const paths = Array.from({ length: 101 }, () => ({ path: `/${s254}`.slice(0, 254), property: { [s254]: s254 } }));
    const r = await call(server, 'POST', `${REG}/microservices`, {
      body: {
        service: {
          appId: 'a'.repeat(160),
          serviceName: uniqueName().padEnd(128, 'n'),
          version: '32767.32767.32767.32767',
          alias: 'b'.repeat(128),
          schemas: ['c'.repeat(160)],
          paths,
          properties: props,
          framework: { name: 'f'.repeat(64), version: 'v'.repeat(64) },
        },
      },
    });
    expect(r.status).toBe(200);
  });

  test('GET an unknown id is 400012, an invalid one 400001', async () => {
    const unknown = await call(server, 'GET', `${REG}/microservices/abcd`);
    expect(unknown.status).toBe(400);
    expect(errorCodeOf(unknown)).toBe('400012');
    expect(detailOf(unknown)).toBe('Service does not exist.');
    expect(errorCodeOf(await call(server, 'GET', `${REG}/microservices/${'x'.repeat(65)}`))).toBe('400001');
    expect(errorCodeOf(await call(server, 'GET', `${REG}/microservices/a%20b`))).toBe('400001');
  });

  test('list contains the service; another domain has none and answers exactly {}', async () => {
    const name = uniqueName();
    await createService(server, { serviceName: name });
    const list = await call(server, 'GET', `${REG}/microservices`);
    expect(list.status).toBe(200);
    expect((list.json as { services: Service[] }).services.map((s) => s.serviceName)).toContain(name);
    const other = await call(server, 'GET', `${REG}/microservices`, { domain: uniqueName('dom') });
    expect(other.status).toBe(200);
    expect(other.text.trim()).toBe('{}');
  });

  test('projects are separate tenants', async () => {
    const name = uniqueName();
    const id = await createService(server, { serviceName: name });
    const r = await call(server, 'GET', `/v4/otherproject/registry/microservices/${id}`);
    expect(errorCodeOf(r)).toBe('400012');
    const list = await call(server, 'GET', '/v4/otherproject/registry/microservices');
    expect(((list.json as { services?: Service[] }).services ?? []).map((s) => s.serviceName)).not.toContain(name);
  });

  test('PUT properties replaces the whole map and sets modTimestamp; absent properties clear it', async () => {
    const id = await createService(server, { serviceName: uniqueName(), properties: { attr1: 'aa' } });
    const put = await call(server, 'PUT', `${REG}/microservices/${id}/properties`, { body: { properties: { attr2: 'bb' } } });
    expect(put.status).toBe(200);
    expect(put.text).toBe('');
    expect(put.headers.get('content-type')).toMatch(/text\/plain/);
    const s = (await getService(id)).service;
    expect(s.properties).toEqual({ attr2: 'bb' });
    expect(Number(s.modTimestamp)).toBeGreaterThanOrEqual(Number(s.timestamp));
    await call(server, 'PUT', `${REG}/microservices/${id}/properties`, { body: { properties: { attr3: 'cc' } } });
    expect((await getService(id)).service.properties).toEqual({ attr3: 'cc' });
    expect((await call(server, 'PUT', `${REG}/microservices/${id}/properties`, { body: {} })).status).toBe(200);
    expect((await getService(id)).service).not.toHaveProperty('properties');
  });

  test('PUT properties on a wrong or invalid id is 400', async () => {
    const wrong = await call(server, 'PUT', `${REG}/microservices/WrongID/properties`, { body: { properties: { a: 'b' } } });
    expect(errorCodeOf(wrong)).toBe('400012');
    const wrongType = await call(server, 'PUT', `${REG}/microservices/WrongID/properties`, { body: { wrongtype: { a: 'b' } } });
    expect(wrongType.status).toBe(400);
    const long = await call(server, 'PUT', `${REG}/microservices/${'x'.repeat(65)}/properties`, { body: { properties: {} } });
    expect(errorCodeOf(long)).toBe('400001');
  });

  test('register with tags and instances applies both', async () => {
    const name = uniqueName();
    const r = await call(server, 'POST', `${REG}/microservices`, {
      body: {
        service: { serviceName: name },
        tags: { stage: 'beta' },
        instances: [{ hostName: 'h1', endpoints: ['rest://127.0.0.1:8080'] }],
      },
    });
    expect(r.status).toBe(200);
    const id = (r.json as { serviceId: string }).serviceId;
    expect((await call(server, 'GET', `${REG}/microservices/${id}/tags`)).json).toEqual({ tags: { stage: 'beta' } });
    const instances = await call(server, 'GET', `${REG}/microservices/${id}/instances`);
    expect(instances.status).toBe(200);
    const listed = (instances.json as { instances: { serviceId: string; hostName: string; endpoints: string[] }[] }).instances;
    expect(listed).toEqual([expect.objectContaining({ serviceId: id, hostName: 'h1', endpoints: ['rest://127.0.0.1:8080'] })]);
    // The instance is there: a plain delete is refused.
    expect(errorCodeOf(await call(server, 'DELETE', `${REG}/microservices/${id}`))).toBe('400013');
    // Registering the same body again is idempotent for the service and adds the instance again.
    const again = await call(server, 'POST', `${REG}/microservices`, {
      body: { service: { serviceName: name }, instances: [{ hostName: 'h2' }] },
    });
    expect((again.json as { serviceId: string }).serviceId).toBe(id);
    const after = (await call(server, 'GET', `${REG}/microservices/${id}/instances`)).json as { instances: unknown[] };
    expect(after.instances).toHaveLength(2);
  });

  test('bad tags or instances in the register body give 400001 errMessages; the service stays', async () => {
    const name = uniqueName();
    const r = await call(server, 'POST', `${REG}/microservices`, {
      body: { service: { serviceName: name }, tags: { stage: '1.0' }, instances: [{ endpoints: ['rest://x:1'] }] },
    });
    expect(r.status).toBe(400);
    expect(errorCodeOf(r)).toBe('400001');
    expect(detailOf(r)).toMatch(/^errMessages: \[Invalid parameter\(s\)\(field '.*Tags.*'.*HostName.*\]$/);
    const exists = await call(server, 'GET', `${REG}/existence?type=microservice&appId=default&serviceName=${name}&version=0.0.1`);
    expect(exists.status).toBe(200);
  });
});
