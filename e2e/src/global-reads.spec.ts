import { ScNode, api, eventually, startPeeredPair, stopAll } from './support/node';

type ServiceJson = { serviceId: string; serviceName: string; appId?: string };

// Every `global=true` read of services goes through the merged view's registry reads; these
// pin what a client of sc2 sees of a service registered in sc1, and that local reads do not.
describe('global reads of services', () => {
  let sc1: ScNode;
  let sc2: ScNode;
  let id = '';
  beforeAll(async () => {
    [sc1, sc2] = await startPeeredPair();
    const r = await api(sc1.url, 'POST', '/v4/default/registry/microservices', {
      service: { serviceName: 'orders', alias: 'ord', appId: 'shop', version: '1.0.0' },
    });
    expect(r.status).toBe(200);
    id = String(r.body.serviceId);
    await eventually(async () => {
      const got = await api(sc2.url, 'GET', `/v4/default/registry/microservices/${id}?global=true`);
      return got.status === 200 ? got : undefined;
    }, 15_000, 'sc1 service at sc2');
  });
  afterAll(() => stopAll([sc1, sc2]));

  test('list, get and existence (by name and by alias) answer the remote service', async () => {
    const list = await api(sc2.url, 'GET', '/v4/default/registry/microservices?global=true');
    const services = (list.body.services as ServiceJson[]).map((s) => s.serviceName);
    expect(services).toContain('orders');
    expect(services).not.toContain('SERVICECENTER');
    const got = await api(sc2.url, 'GET', `/v4/default/registry/microservices/${id}?global=true`);
    expect((got.body.service as ServiceJson).serviceName).toBe('orders');
    for (const name of ['orders', 'ord']) {
      const e = await api(sc2.url, 'GET', `/v4/default/registry/existence?type=microservice&appId=shop&serviceName=${name}&version=1.0.0&global=true`);
      expect([e.status, e.body.serviceId]).toEqual([200, id]);
    }
  });

  test("errors as Service-Center's: another version 400026, an unknown name 400012", async () => {
    const mismatch = await api(sc2.url, 'GET', '/v4/default/registry/existence?type=microservice&appId=shop&serviceName=orders&version=2.0.0&global=true');
    expect([mismatch.status, mismatch.body.errorCode]).toEqual([400, '400026']);
    const unknown = await api(sc2.url, 'GET', '/v4/default/registry/existence?type=microservice&appId=shop&serviceName=nope&version=1.0.0&global=true');
    expect([unknown.status, unknown.body.errorCode]).toEqual([400, '400012']);
    const missing = await api(sc2.url, 'GET', '/v4/default/registry/microservices/not-an-id?global=true');
    expect([missing.status, missing.body.errorCode]).toEqual([400, '400012']);
  });

  test('withShared adds this server’s own SERVICECENTER registration, never a peer’s', async () => {
    const list = await api(sc2.url, 'GET', '/v4/default/registry/microservices?global=true&withShared=true');
    const own = (list.body.services as ServiceJson[]).filter((s) => s.serviceName === 'SERVICECENTER');
    expect(own).toHaveLength(1);
    const local = await api(sc2.url, 'GET', '/v4/default/registry/microservices?withShared=true');
    const localOwn = (local.body.services as ServiceJson[]).filter((s) => s.serviceName === 'SERVICECENTER');
    expect(own[0].serviceId).toBe(localOwn[0].serviceId);
  });

  test('without global, sc2 answers from its own registry only', async () => {
    const got = await api(sc2.url, 'GET', `/v4/default/registry/microservices/${id}`);
    expect(got.body.errorCode).toBe('400012');
    const e = await api(sc2.url, 'GET', '/v4/default/registry/existence?type=microservice&appId=shop&serviceName=orders&version=1.0.0');
    expect(e.body.errorCode).toBe('400012');
    const list = await api(sc2.url, 'GET', '/v4/default/registry/microservices');
    expect(((list.body.services as ServiceJson[] | undefined) ?? []).map((s) => s.serviceName)).not.toContain('orders');
  });
});
