import { REG, TestServer, call, createService, detailOf, errorCodeOf, uniqueName } from '../../__tests__/services-client';
import { startTestServer } from '../../__tests__/test-server';

type Service = { serviceId: string; serviceName: string; version: string };
type Key = { appId?: string; serviceName?: string; version?: string; environment?: string };

describe('dependencies', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  const deps = (method: 'POST' | 'PUT', dependencies: unknown) => call(server, method, `${REG}/dependencies`, { body: { dependencies } });
  const providers = async (id: string, q = '') => {
    const r = await call(server, 'GET', `${REG}/microservices/${id}/providers${q}`);
    expect(r.status).toBe(200);
    return ((r.json as { providers?: Service[] }).providers ?? []).map((s) => s.serviceName).sort();
  };
  const consumers = async (id: string, q = '') => {
    const r = await call(server, 'GET', `${REG}/microservices/${id}/consumers${q}`);
    expect(r.status).toBe(200);
    return ((r.json as { consumers?: Service[] }).consumers ?? []).map((s) => s.serviceName).sort();
  };

  test('the integration flow: PUT, POST self, read back both sides, PUT [] clears, delete both (SC\'s integration/microservices_test.go)', async () => {
    const provider = { serviceName: uniqueName('p'), appId: 'integrationtestAppId', version: '1.0.0' };
    const consumer = { serviceName: uniqueName('c'), appId: 'consumerAppId', version: '2.0.0' };
    const providerId = await createService(server, provider);
    const consumerId = await createService(server, consumer);
    const put = await deps('PUT', [{ consumer, providers: [provider] }]);
    expect(put.status).toBe(200);
    expect(put.text).toBe('');
    expect(put.headers.get('deprecation')).toBe('version="v4"');
    const post = await deps('POST', [{ consumer, providers: [consumer] }]);
    expect(post.status).toBe(200);
    expect(post.headers.get('deprecation')).toBe('version="v4"');
    expect(await providers(consumerId)).toEqual([consumer.serviceName, provider.serviceName].sort());
    expect(await consumers(providerId)).toEqual([consumer.serviceName]);
    expect((await deps('PUT', [{ consumer, providers: [] }])).status).toBe(200);
    expect(await providers(consumerId)).toEqual([]);
    expect((await call(server, 'GET', `${REG}/microservices/${consumerId}/providers`)).text).toBe('{}');
    expect((await call(server, 'DELETE', `${REG}/microservices/${consumerId}?force=true`)).status).toBe(200);
    expect((await call(server, 'DELETE', `${REG}/microservices/${providerId}?force=true`)).status).toBe(200);
  });

  test('rules are version-agnostic: every version of the provider is listed (SC 2.1+)', async () => {
    const name = uniqueName('p');
    await createService(server, { serviceName: name, appId: 'va', version: '1.0.0' });
    await createService(server, { serviceName: name, appId: 'va', version: '2.0.0' });
    const consumer = { serviceName: uniqueName('c'), appId: 'va', version: '1.0.0' };
    const consumerId = await createService(server, consumer);
    expect((await deps('POST', [{ consumer, providers: [{ serviceName: name, version: '1.0.0' }] }])).status).toBe(200);
    const r = await call(server, 'GET', `${REG}/microservices/${consumerId}/providers`);
    expect(((r.json as { providers: Service[] }).providers).map((s) => s.version).sort()).toEqual(['1.0.0', '2.0.0']);
    // A provider version registered later is a provider too.
    const v3 = await createService(server, { serviceName: name, appId: 'va', version: '3.0.0' });
    expect(await providers(consumerId)).toHaveLength(3);
    expect(await consumers(v3)).toEqual([consumer.serviceName]);
  });

  test('POST adds to the rules, PUT replaces them', async () => {
    const [a, b, c] = [uniqueName('a'), uniqueName('b'), uniqueName('c')];
    for (const n of [a, b, c]) await createService(server, { serviceName: n, appId: 'ov' });
    const consumer = { serviceName: uniqueName('cons'), appId: 'ov', version: '0.0.1' };
    const consumerId = await createService(server, consumer);
    expect((await deps('POST', [{ consumer, providers: [{ serviceName: a }] }])).status).toBe(200);
    expect((await deps('POST', [{ consumer, providers: [{ serviceName: b }] }])).status).toBe(200);
    expect(await providers(consumerId)).toEqual([a, b].sort());
    await deps('PUT', [{ consumer, providers: [{ serviceName: c }] }]);
    expect(await providers(consumerId)).toEqual([c]);
  });

  test('noSelf leaves the service itself out; sameDomain keeps the tenant services', async () => {
    const provider = { serviceName: uniqueName('p'), appId: 'ns' };
    const consumer = { serviceName: uniqueName('c'), appId: 'ns', version: '0.0.1' };
    await createService(server, provider);
    const consumerId = await createService(server, consumer);
    expect((await deps('PUT', [{ consumer, providers: [provider, consumer] }])).status).toBe(200);
    expect(await providers(consumerId)).toEqual([consumer.serviceName, provider.serviceName].sort());
    expect(await providers(consumerId, '?noSelf=1')).toEqual([provider.serviceName]);
    expect(await consumers(consumerId, '?noSelf=1')).toEqual([]);
    expect(await consumers(consumerId)).toEqual([consumer.serviceName]);
    expect(await providers(consumerId, '?sameDomain=1')).toEqual([consumer.serviceName, provider.serviceName].sort());
  });

  test('the consumer can be named by its alias', async () => {
    const provider = { serviceName: uniqueName('p'), appId: 'al' };
    await createService(server, provider);
    const alias = uniqueName('alias');
    const consumerId = await createService(server, { serviceName: uniqueName('c'), appId: 'al', alias });
    expect((await deps('PUT', [{ consumer: { serviceName: alias, appId: 'al', version: '0.0.1' }, providers: [provider] }])).status).toBe(200);
    expect(await providers(consumerId)).toEqual([provider.serviceName]);
  });

  test('an unknown consumer is 400012 "Consumer … does not exist."; the other items are not applied', async () => {
    const r = await deps('POST', [{ consumer: { appId: 'x', serviceName: 'nosuch', version: '1.0.0' }, providers: [{ serviceName: 'p' }] }]);
    expect(errorCodeOf(r)).toBe('400012');
    expect(detailOf(r)).toBe('Consumer /x/nosuch/1.0.0 does not exist.');
    const provider = { serviceName: uniqueName('p'), appId: 'x' };
    await createService(server, provider);
    const consumer = { serviceName: uniqueName('c'), appId: 'x', version: '1.0.0' };
    const consumerId = await createService(server, consumer);
    const mixed = await deps('POST', [
      { consumer, providers: [provider] },
      { consumer: { appId: 'x', serviceName: 'nosuch', version: '1.0.0' }, providers: [provider] },
    ]);
    expect(errorCodeOf(mixed)).toBe('400012');
    expect(await providers(consumerId)).toEqual([]);
  });

  test('GET providers/consumers of unknown or invalid ids is 400', async () => {
    const p = await call(server, 'GET', `${REG}/microservices/wrongID/providers`);
    expect(errorCodeOf(p)).toBe('400012');
    expect(detailOf(p)).toBe('Consumer does not exist');
    const c = await call(server, 'GET', `${REG}/microservices/wrongID/consumers`);
    expect(errorCodeOf(c)).toBe('400012');
    expect(detailOf(c)).toBe('Provider does not exist');
    expect(errorCodeOf(await call(server, 'GET', `${REG}/microservices/${'x'.repeat(65)}/providers`))).toBe('400001');
  });

  describe('validation (400001)', () => {
    const consumer: Key = { appId: 'dv', serviceName: 'cons', version: '1.0.0' };
    beforeAll(async () => {
      await createService(server, { ...consumer });
    });

    test.each<[string, unknown]>([
      ['no dependencies', []],
      ['more than 100 dependencies', Array.from({ length: 101 }, () => ({ consumer, providers: [{ serviceName: 'p' }] }))],
      ['no consumer', [{ providers: [{ serviceName: 'p' }] }]],
      ['consumer without version', [{ consumer: { appId: 'dv', serviceName: 'cons' }, providers: [{ serviceName: 'p' }] }]],
      ['consumer with a version rule', [{ consumer: { ...consumer, version: '1.0.0+' }, providers: [{ serviceName: 'p' }] }]],
      ['consumer with a bad env', [{ consumer: { ...consumer, environment: 'nope' }, providers: [{ serviceName: 'p' }] }]],
      ['POST without providers', [{ consumer, providers: [] }]],
      ['provider without serviceName', [{ consumer, providers: [{ appId: 'dv' }] }]],
      ['provider with a bad version', [{ consumer, providers: [{ serviceName: 'p', version: 'x.y' }] }]],
      ['duplicate providers', [{ consumer, providers: [{ serviceName: 'p' }, { serviceName: 'p', appId: 'dv', version: '2.0.0' }] }]],
    ])('%s', async (_name, list) => {
      expect(errorCodeOf(await deps('POST', list))).toBe('400001');
    });

    test('PUT allows an empty provider list; missing body field is 400001', async () => {
      expect((await deps('PUT', [{ consumer, providers: [] }])).status).toBe(200);
      expect(errorCodeOf(await call(server, 'PUT', `${REG}/dependencies`, { body: {} }))).toBe('400001');
    });

    test('duplicate providers give SC\'s text', async () => {
      const r = await deps('POST', [{ consumer, providers: [{ serviceName: 'p' }, { serviceName: 'p' }] }]);
      expect(detailOf(r)).toBe('Invalid request body for provider info.Duplicate provider or (serviceName and appId is same).');
    });
  });
});
