// Which services a request names, for labelled roles (SC plugin/auth/buildin/service_parser.go).
import { KeyPrefix } from '@service-center/core';
import { MemoryKv } from '../store/memory/memory-kv';
import { requestLabels, type LabelSource } from './labels';

const tenant = { domain: 'default', project: 'default' };

async function storeWith(services: Record<string, { appId: string; serviceName: string; environment?: string }>) {
  const store = new MemoryKv({ sweepMs: 0 });
  await store.txn({
    success: Object.entries(services).map(([id, s]) => ({ kind: 'put' as const, key: `${KeyPrefix.service}default/default/${id}`, value: { serviceId: id, ...s } })),
  });
  return store;
}

function source(method: string, path: string, extra: Partial<LabelSource> = {}): LabelSource {
  return { method, path, tenant, query: () => undefined, header: () => '', body: async () => '', ...extra };
}

describe('requestLabels', () => {
  test('a path naming a service id gives that service\'s labels; an unknown id none', async () => {
    const store = await storeWith({ s1: { appId: 'shop', serviceName: 'cart', environment: 'production' } });
    const want = [{ appId: 'shop', serviceName: 'cart', environment: 'production' }];
    expect(await requestLabels(store, source('GET', '/v4/default/registry/microservices/s1'))).toEqual(want);
    expect(await requestLabels(store, source('POST', '/v4/default/registry/microservices/s1/instances'))).toEqual(want);
    expect(await requestLabels(store, source('GET', '/registry/v3/microservices/s1/watcher'))).toEqual(want);
    expect(await requestLabels(store, source('GET', '/v4/default/govern/microservices/s1'))).toEqual(want);
    expect(await requestLabels(store, source('GET', '/v4/default/govern/microservices'))).toBeUndefined();
    expect(await requestLabels(store, source('GET', '/v4/default/registry/microservices/nope'))).toBeUndefined();
  });

  test('a find names its service key; env falls back to the consumer\'s', async () => {
    const store = await storeWith({ c1: { appId: 'shop', serviceName: 'web', environment: 'testing' } });
    const q: Record<string, string> = { appId: 'shop', serviceName: 'cart' };
    const find = source('GET', '/v4/default/registry/instances', { query: (n) => q[n], header: (h) => (h === 'x-consumerid' ? 'c1' : '') });
    expect(await requestLabels(store, find)).toEqual([{ environment: 'testing', appId: 'shop', serviceName: 'cart' }]);
  });

  test('bodies: create, batch delete, heartbeats, batch find', async () => {
    const store = await storeWith({ s1: { appId: 'shop', serviceName: 'cart' }, s2: { appId: 'bank', serviceName: 'ledger' } });
    const body = (b: unknown) => ({ body: async () => JSON.stringify(b) });
    const create = source('POST', '/v4/default/registry/microservices', body({ service: { appId: 'shop', serviceName: 'x' } }));
    expect(await requestLabels(store, create)).toEqual([{ environment: '', appId: 'shop', serviceName: 'x' }]);
    const del = source('DELETE', '/v4/default/registry/microservices', body({ serviceIds: ['s1', 's2'] }));
    expect((await requestLabels(store, del))?.map((l) => l.appId)).toEqual(['shop', 'bank']);
    const hb = source('PUT', '/v4/default/registry/heartbeats', body({ instances: [{ serviceId: 's2', instanceId: 'i' }] }));
    expect((await requestLabels(store, hb))?.map((l) => l.appId)).toEqual(['bank']);
    const batch = source('POST', '/v4/default/registry/instances/action', body({ services: [{ service: { appId: 'bank', serviceName: 'ledger' } }], instances: [{ instance: { serviceId: 's1' } }] }));
    expect((await requestLabels(store, batch))?.map((l) => l.appId)).toEqual(['shop', 'bank']);
    expect(await requestLabels(store, source('POST', '/v4/default/registry/microservices', { body: async () => '{not json' }))).toBeUndefined();
  });

  test('a list of services is not a request naming one', async () => {
    const store = await storeWith({});
    expect(await requestLabels(store, source('GET', '/v4/default/registry/microservices'))).toBeUndefined();
  });
});

