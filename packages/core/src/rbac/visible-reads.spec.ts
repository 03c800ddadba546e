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

  test('reads naming one service are left to the permission check', () => {
    expect(visibleReads(reads, [{ appId: 'shop' }]).service(tenant, 'c')?.serviceName).toBe('ledger');
  });
});
