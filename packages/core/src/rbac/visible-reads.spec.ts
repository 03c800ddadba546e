import type { ReadService, RegistryReads } from '../query/reads';
import { visibleReads } from './visible-reads';

const svc = (serviceId: string, appId: string, serviceName: string, environment = ''): ReadService => ({
  serviceId,
  appId,
  serviceName,
  environment,
  version: '1.0.0',
});

const all = [svc('a', 'shop', 'cart'), svc('b', 'shop', 'basket', 'prod'), svc('c', 'bank', 'ledger')];

const reads: RegistryReads = {
  services: () => all,
  service: (_t, id) => all.find((s) => s.serviceId === id),
  serviceIdsByName: () => [],
  serviceIdByKey: () => undefined,
  tags: () => ({}),
  instances: () => [],
  instance: () => undefined,
  schemas: () => [],
  providers: () => all,
  consumers: () => [all[2]],
  origins: () => [],
};
const tenant = { domain: 'default', project: 'default' };
const ids = (r: RegistryReads) => r.services(tenant).map((s) => s.serviceId);

describe('visibleReads', () => {
  test('no labels: the same reads', () => {
    expect(visibleReads(reads, undefined)).toBe(reads);
    expect(visibleReads(reads, [])).toBe(reads);
  });

  test('lists keep the services one label set matches', () => {
    expect(ids(visibleReads(reads, [{ appId: 'shop' }]))).toEqual(['a', 'b']);
    expect(ids(visibleReads(reads, [{ appId: 'shop', environment: 'prod' }]))).toEqual(['b']);
    expect(ids(visibleReads(reads, [{ serviceName: 'l*' }, { serviceName: 'cart' }]))).toEqual(['a', 'c']);
    expect(ids(visibleReads(reads, [{ appId: 'none' }]))).toEqual([]);
  });

  test("a service's providers and consumers are lists too", () => {
    const shop = visibleReads(reads, [{ appId: 'shop' }]);
    expect(shop.providers(tenant, 'a').map((s) => s.serviceId)).toEqual(['a', 'b']);
    expect(shop.consumers(tenant, 'a')).toEqual([]);
    expect(visibleReads(reads, [{ appId: 'bank' }]).consumers(tenant, 'a').map((s) => s.serviceId)).toEqual(['c']);
  });

  test('reads naming one service are left to the permission check', () => {
    expect(visibleReads(reads, [{ appId: 'shop' }]).service(tenant, 'c')?.serviceName).toBe('ledger');
  });
});
