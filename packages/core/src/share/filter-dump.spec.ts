import { filterDump } from './filter-dump';
import { filterSourceInput } from './filter-source';
import { shareFilter } from './share-rule';
import { etcdKey } from '../keys/etcd-key';
import type { DumpCache } from '../model/dump';
import type { SourceInput } from '../aggregate/snapshot';

const T = { domain: 'default', project: 'default' };
const svc = (id: string, appId: string, serviceName: string) => ({ appId, serviceName, version: '1.0.0', serviceId: id });
const k = (s: ReturnType<typeof svc>) => ({ ...T, environment: '', appId: s.appId, serviceName: s.serviceName, version: s.version });
const shop = svc('s1', 'shop', 'cart');
const ops = svc('s2', 'ops', 'probe');

const cache: DumpCache = {
  services: [shop, ops].map((s) => ({ key: etcdKey.service(T, s.serviceId), rev: 1, cluster: 'sc-a', value: s })),
  serviceIndexes: [shop, ops].map((s) => ({ key: etcdKey.index(k(s)), rev: 1, cluster: 'sc-a', value: s.serviceId })),
  serviceAliases: [{ key: etcdKey.alias({ ...k(ops), serviceName: 'p' }), rev: 1, cluster: 'sc-a', value: ops.serviceId }],
  serviceTags: [shop, ops].map((s) => ({ key: etcdKey.tags(T, s.serviceId), rev: 1, cluster: 'sc-a', value: { a: 'b' } })),
  dependencyRules: [shop, ops].map((s) => ({ key: etcdKey.depRule(T, 'p', k(s)), rev: 1, cluster: 'sc-a', value: { Dependency: [] } })),
  summaries: [shop, ops].map((s) => ({ key: etcdKey.summary(T, s.serviceId, 'x'), rev: 1, cluster: 'sc-a', value: 'sum' })),
  instances: [shop, ops].map((s) => ({ key: etcdKey.instance(T, s.serviceId, `i-${s.serviceId}`), rev: 1, cluster: 'sc-a', value: { instanceId: `i-${s.serviceId}` } })),
};

describe('filterDump / filterSourceInput', () => {
  test('no filter: the same dump', () => {
    expect(filterDump(cache, undefined)).toBe(cache);
  });

  test('only the shared service and everything hanging off it', () => {
    const out = filterDump(cache, shareFilter([{ appId: 'shop' }], 'sc-b'));
    for (const items of Object.values(out).filter((x) => x !== undefined)) {
      expect(items).toHaveLength(1);
      expect(items?.[0].key).not.toContain('s2');
      expect(items?.[0].key).not.toContain('ops');
    }
    expect(out.serviceAliases).toBeUndefined();
    expect(Object.values(out).filter((x) => x !== undefined)).toHaveLength(6);
  });

  test('items whose service is absent are left out', () => {
    const orphan: DumpCache = { instances: [{ key: etcdKey.instance(T, 'gone', 'i'), rev: 1, cluster: 'sc-a', value: {} }] };
    expect(filterDump(orphan, () => true).instances).toBeUndefined();
  });

  test('a source snapshot keeps the accepted services with their records', () => {
    const input: SourceInput = {
      cluster: 'sc-a',
      kind: 'servicecenter',
      health: { status: 'fresh', lastConfirmed: 1 },
      services: [shop, ops].map((s) => ({ origin: 'sc-a', rev: 1, tenant: T, service: s })),
      instances: [shop, ops].map((s) => ({ origin: 'sc-a', rev: 1, tenant: T, instance: { serviceId: s.serviceId, instanceId: `i-${s.serviceId}` } })),
      tags: [ops].map((s) => ({ origin: 'sc-a', rev: 1, tenant: T, serviceId: s.serviceId, tags: { a: 'b' } })),
      summaries: [],
    };
    const out = filterSourceInput(input, shareFilter([{ appId: 'ops' }], 'sc-a'));
    expect(out.services?.map((s) => s.service.serviceId)).toEqual(['s2']);
    expect(out.instances?.map((i) => i.instance.instanceId)).toEqual(['i-s2']);
    expect(out.tags).toHaveLength(1);
    expect(filterSourceInput(input, undefined)).toBe(input);
  });
});
