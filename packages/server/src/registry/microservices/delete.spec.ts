import { REG, TestServer, call, createService, detailOf, errorCodeOf, uniqueName } from '../../__tests__/services-client';
import { startTestServer } from '../../__tests__/test-server';

type Service = { serviceId: string; serviceName: string; appId: string };

describe('microservices: delete and batch delete', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  const del = (id: string, query = '') => call(server, 'DELETE', `${REG}/microservices/${id}${query}`);
  const exists = async (id: string) => (await call(server, 'GET', `${REG}/microservices/${id}`)).status === 200;

  test('DELETE ?force=true removes the service; an unknown id is 400012', async () => {
    const id = await createService(server, { serviceName: uniqueName() });
    const r = await del(id, '?force=true');
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    expect(await exists(id)).toBe(false);
    const unknown = await del('56565', '?force=true');
    expect(unknown.status).toBe(400);
    expect(errorCodeOf(unknown)).toBe('400012');
  });

  test('a plain delete of a service without instances or consumers succeeds', async () => {
    const id = await createService(server, { serviceName: uniqueName() });
    expect((await del(id)).status).toBe(200);
    expect(await exists(id)).toBe(false);
  });

  test.each(['true', 'false', '1', '0', ''])('force=%s is accepted', async (force) => {
    const id = await createService(server, { serviceName: uniqueName() });
    expect((await del(id, `?force=${force}`)).status).toBe(200);
  });

  test.each(['yes', 'TRUE', '2'])('force=%s is 400001 "parameter force must be false or true"', async (force) => {
    const id = await createService(server, { serviceName: uniqueName() });
    const r = await del(id, `?force=${force}`);
    expect(errorCodeOf(r)).toBe('400001');
    expect(detailOf(r)).toBe('parameter force must be false or true');
    expect(await exists(id)).toBe(true);
  });

  test('invalid ids are 400001', async () => {
    expect(errorCodeOf(await del('a%20b'))).toBe('400001');
    expect(errorCodeOf(await del('x'.repeat(65)))).toBe('400001');
  });

  test('a service with instances: plain delete is 400013, force deletes it and its instances', async () => {
    const service = { serviceName: uniqueName(), version: '1.0.0' };
    const reg = await call(server, 'POST', `${REG}/microservices`, {
      body: { service, instances: [{ hostName: 'h1' }, { hostName: 'h2' }] },
    });
    const id = (reg.json as { serviceId: string }).serviceId;
    const plain = await del(id);
    expect(errorCodeOf(plain)).toBe('400013');
    expect(detailOf(plain)).toBe('Can not delete the service deployed instance(s).');
    expect(await exists(id)).toBe(true);
    expect((await del(id, '?force=1')).status).toBe(200);
    // Re-registered (same generated id), it has no instances left: a plain delete now works.
    expect(await createService(server, service)).toBe(id);
    expect((await del(id)).status).toBe(200);
  });

  test('a provider with a consumer: plain delete is 400023, force works; self-dependency does not block', async () => {
    const provider = { serviceName: uniqueName('prov'), appId: 'delApp', version: '1.0.0' };
    const consumer = { serviceName: uniqueName('cons'), appId: 'delApp', version: '1.0.0' };
    const providerId = await createService(server, provider);
    await createService(server, consumer);
    const dep = await call(server, 'PUT', `${REG}/dependencies`, {
      body: { dependencies: [{ consumer, providers: [{ appId: 'delApp', serviceName: provider.serviceName }] }] },
    });
    expect(dep.status).toBe(200);
    const plain = await del(providerId);
    expect(errorCodeOf(plain)).toBe('400023');
    expect(detailOf(plain)).toBe('Can not delete this service, other service rely it.');

    const self = { serviceName: uniqueName('self'), appId: 'delApp', version: '1.0.0' };
    const selfId = await createService(server, self);
    await call(server, 'PUT', `${REG}/dependencies`, { body: { dependencies: [{ consumer: self, providers: [self] }] } });
    expect((await del(selfId)).status).toBe(200);

    expect((await del(providerId, '?force=true')).status).toBe(200);
    expect(await exists(providerId)).toBe(false);
  });

  test("deleting a consumer removes its rules: the provider has no consumers left and deletes plainly", async () => {
    const provider = { serviceName: uniqueName('prov'), appId: 'delApp', version: '1.0.0' };
    const consumer = { serviceName: uniqueName('cons'), appId: 'delApp', version: '1.0.0' };
    const providerId = await createService(server, provider);
    const consumerId = await createService(server, consumer);
    await call(server, 'POST', `${REG}/dependencies`, { body: { dependencies: [{ consumer, providers: [provider] }] } });
    const consumers = await call(server, 'GET', `${REG}/microservices/${providerId}/consumers`);
    expect((consumers.json as { consumers: Service[] }).consumers.map((s) => s.serviceId)).toEqual([consumerId]);
    expect((await del(consumerId)).status).toBe(200);
    expect((await call(server, 'GET', `${REG}/microservices/${providerId}/consumers`)).text).toBe('{}');
    expect((await del(providerId)).status).toBe(200);
  });

  test("SC's own service is hidden from the list unless withShared, and can never be deleted", async () => {
    const list = await call(server, 'GET', `${REG}/microservices?withShared=true`);
    const services = (list.json as { services?: Service[] }).services ?? [];
    let scId = services.find((s) => s.serviceName === 'SERVICECENTER' && s.appId === 'default')?.serviceId;
    // Without self-registration, register SC's key ourselves: it is the same global service.
    scId ??= await createService(server, { serviceName: 'SERVICECENTER', appId: 'default', alias: 'SERVICECENTER', version: '2.2.0' });
    const plain = await call(server, 'GET', `${REG}/microservices`);
    expect(((plain.json as { services?: Service[] }).services ?? []).map((s) => s.serviceId)).not.toContain(scId);
    for (const flag of ['true', '1']) {
      const shared = await call(server, 'GET', `${REG}/microservices?withShared=${flag}`);
      expect((shared.json as { services: Service[] }).services.map((s) => s.serviceId)).toContain(scId);
    }
    const r = await del(scId, '?force=true');
    expect(errorCodeOf(r)).toBe('400001');
    expect(detailOf(r)).toBe('not allow to delete service center');
    expect(await exists(scId)).toBe(true);
  });

  test('SERVICECENTER in another tenant is an ordinary service', async () => {
    const domain = uniqueName('dom');
    const id = await createService(server, { serviceName: 'SERVICECENTER', appId: 'default' }, {}, domain);
    const list = await call(server, 'GET', `${REG}/microservices`, { domain });
    expect((list.json as { services: Service[] }).services.map((s) => s.serviceId)).toEqual([id]);
    expect((await call(server, 'DELETE', `${REG}/microservices/${id}`, { domain })).status).toBe(200);
  });

  test('batch delete answers one result per distinct id, errMessage only on failure (v2.1+)', async () => {
    const a = await createService(server, { serviceName: uniqueName() });
    const b = await createService(server, { serviceName: uniqueName() });
    const r = await call(server, 'DELETE', `${REG}/microservices`, { body: { serviceIds: [a, 'nosuchservice', a, b], force: false } });
    expect(r.status).toBe(200);
    const results = (r.json as { services: { serviceId: string; errMessage?: string }[] }).services;
    expect(results).toEqual([
      { serviceId: a },
      { serviceId: 'nosuchservice', errMessage: 'Micro-service does not exist(Service does not exist.)' },
      { serviceId: b },
    ]);
    expect(await exists(a)).toBe(false);
    expect(await exists(b)).toBe(false);
  });

  test('batch delete: force in the body (or the query) deletes services with instances', async () => {
    const reg = await call(server, 'POST', `${REG}/microservices`, { body: { service: { serviceName: uniqueName() }, instances: [{ hostName: 'h' }] } });
    const id = (reg.json as { serviceId: string }).serviceId;
    const refused = await call(server, 'DELETE', `${REG}/microservices`, { body: { serviceIds: [id] } });
    const item = (refused.json as { services: { errMessage?: string }[] }).services[0];
    expect(item.errMessage).toMatch(/^Micro-service has deployed instance\(s\)/);
    const byQuery = await call(server, 'DELETE', `${REG}/microservices?force=true`, { body: { serviceIds: [id] } });
    expect((byQuery.json as { services: unknown[] }).services).toEqual([{ serviceId: id }]);

    const reg2 = await call(server, 'POST', `${REG}/microservices`, { body: { service: { serviceName: uniqueName() }, instances: [{ hostName: 'h' }] } });
    const id2 = (reg2.json as { serviceId: string }).serviceId;
    const byBody = await call(server, 'DELETE', `${REG}/microservices`, { body: { serviceIds: [id2], force: true } });
    expect((byBody.json as { services: unknown[] }).services).toEqual([{ serviceId: id2 }]);
  });

  test('batch delete: an empty list or an invalid id is 400001', async () => {
    for (const serviceIds of [[], ['ok', 'a b'], ['x'.repeat(65)]]) {
      const r = await call(server, 'DELETE', `${REG}/microservices`, { body: { serviceIds } });
      expect(errorCodeOf(r)).toBe('400001');
    }
    expect(errorCodeOf(await call(server, 'DELETE', `${REG}/microservices`, { body: {} }))).toBe('400001');
    expect(errorCodeOf(await call(server, 'DELETE', `${REG}/microservices?force=maybe`, { body: { serviceIds: ['a'] } }))).toBe('400001');
  });
});
