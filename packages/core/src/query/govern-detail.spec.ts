import type { InstanceRead, ReadService, RegistryReads } from './reads';
import { overviewInstance, serviceDetailOf, serviceOverview } from './govern-detail';
import { DETAIL_OPTIONS } from './govern-options';

const tenant = { domain: 'default', project: 'default' };
const cart: ReadService = { serviceId: 'c1', appId: 'shop', serviceName: 'cart', version: '1.0.0', schemas: ['s1'] };
const cart2: ReadService = { ...cart, serviceId: 'c2', version: '2.0.0', schemas: undefined };
const pay: ReadService = { serviceId: 'p', appId: 'bank', serviceName: 'pay', version: '1.0.0' };
const instance = (instanceId: string, properties?: Record<string, string>): InstanceRead => ({
  instance: { serviceId: 'c1', instanceId, hostName: instanceId, properties },
  rev: instanceId,
});
const byId: Record<string, ReadService> = { c1: cart, c2: cart2, p: pay };

const reads: RegistryReads = {
  services: () => [cart, cart2, pay],
  service: (_t, id) => byId[id],
  serviceIdsByName: (_t, _e, _a, name) => (name === 'cart' ? ['c1', 'c2'] : ['p']),
  serviceIdByKey: () => undefined,
  tags: (_t, id): Record<string, string> => (id === 'c1' ? { tier: 'gold' } : {}),
  instances: (_t, id) => (id === 'c1' ? [instance('i1', { zone: 'z', 'x-sc-origin-cluster': 'sc2', other: 'o' }), instance('i2')] : []),
  instance: () => undefined,
  schemas: (_t, id) => (id === 'c1' ? [{ schemaId: 's1', summary: 'x' }] : []),
  providers: (_t, id) => (id === 'c1' ? [pay, cart] : []),
  consumers: (_t, id) => (id === 'p' ? [cart] : []),
  origins: (_t, id) => (id === 'c1' ? ['sc1', 'sc2'] : []),
};

const all = { details: new Set(DETAIL_OPTIONS), countOnly: false, innerKeys: new Set(['zone']), withOrigins: false };

describe('overviewInstance', () => {
  test('keeps the inner keys and the global marks; nothing left: no properties', () => {
    expect(overviewInstance(instance('i', { zone: 'z', other: 'o', 'x-sc-stale': 'true' }).instance, new Set(['zone'])).properties).toEqual({
      zone: 'z',
      'x-sc-stale': 'true',
    });
    expect(overviewInstance(instance('i', { other: 'o' }).instance, new Set())).not.toHaveProperty('properties');
  });
});

describe('serviceOverview', () => {
  test('all details, in Service-Center order; schema ids removed; the service not its own provider', () => {
    const d = serviceOverview(reads, tenant, cart, all);
    expect(Object.keys(d).filter((k) => d[k as keyof typeof d] !== undefined)).toEqual(['microService', 'instances', 'schemaInfos', 'providers', 'tags']);
    expect(d.microService).toEqual({ serviceId: 'c1', appId: 'shop', serviceName: 'cart', version: '1.0.0' });
    expect(d.providers).toEqual([pay]);
    expect(d.instances?.map((i) => i.properties)).toEqual([{ zone: 'z', 'x-sc-origin-cluster': 'sc2' }, undefined]);
  });

  test('no details: the definition alone; countOnly: statics, with a count only for instances', () => {
    expect(JSON.parse(JSON.stringify(serviceOverview(reads, tenant, pay, { ...all, details: new Set() })))).toEqual({ microService: pay });
    expect(serviceOverview(reads, tenant, cart, { ...all, details: new Set(['instances']), countOnly: true })).toMatchObject({
      statics: { instances: { count: 2 } },
      instances: undefined,
    });
    expect(serviceOverview(reads, tenant, pay, { ...all, details: new Set(['instances']), countOnly: true }).statics).toEqual({ instances: {} });
    expect(serviceOverview(reads, tenant, pay, { ...all, details: new Set(['tags']), countOnly: true }).statics).toEqual({});
  });

  test('withOrigins adds the origin clusters where there are some', () => {
    expect(serviceOverview(reads, tenant, cart, { ...all, withOrigins: true })['x-sc-origin-clusters']).toEqual(['sc1', 'sc2']);
    expect(serviceOverview(reads, tenant, pay, { ...all, withOrigins: true })).not.toHaveProperty('x-sc-origin-clusters');
  });
});

describe('serviceDetailOf', () => {
  test('the definition as is, every version, unpruned instances, itself among its providers', () => {
    const d = serviceDetailOf(reads, tenant, cart, false);
    expect(d.microService).toBe(cart);
    expect(d.microServiceVersions).toEqual(['1.0.0', '2.0.0']);
    expect(d.providers).toEqual([pay, cart]);
    expect(d.instances?.[0]?.properties).toEqual({ zone: 'z', 'x-sc-origin-cluster': 'sc2', other: 'o' });
    expect(d.consumers).toBeUndefined();
  });
});
