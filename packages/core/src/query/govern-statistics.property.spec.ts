// Properties: the overview counts against a direct count of their inputs.
import fc from 'fast-check';
import { governStatistics } from './govern-statistics';

const tenant = { domain: 'default', project: 'default' };

const service = fc.record({
  serviceId: fc.uuid(),
  environment: fc.constantFrom(undefined, '', 'production'),
  appId: fc.constantFrom('shop', 'bank', 'default'),
  serviceName: fc.constantFrom('cart', 'pay', 'SERVICECENTER'),
  version: fc.constantFrom('1.0.0', '1.1.0', '2.0.0'),
});
const input = fc.tuple(fc.uniqueArray(service, { selector: (s) => s.serviceId, maxLength: 20 }), fc.array(fc.nat(4), { minLength: 20, maxLength: 20 }));

const isSc = (s: { appId: string; serviceName: string }) => s.appId === 'default' && s.serviceName === 'SERVICECENTER';

describe('governStatistics', () => {
  test('counts equal a direct count; zero counts are absent; counts are ordered', () => {
    fc.assert(
      fc.property(input, fc.boolean(), ([services, counts], withShared) => {
        const count = new Map(services.map((s, i) => [s.serviceId, counts[i]]));
        const st = governStatistics(tenant, services, (id) => count.get(id) ?? 0, withShared);
        const kept = services.filter((s) => withShared || !isSc(s));
        const name = (s: (typeof services)[number]) => `${s.environment ?? ''}/${s.appId}/${s.serviceName}`;
        const names = new Set(kept.map(name));
        const online = new Set(kept.filter((s) => (count.get(s.serviceId) ?? 0) > 0).map(name));
        const instances = kept.reduce((n, s) => n + (count.get(s.serviceId) ?? 0), 0);
        const apps = new Set(kept.map((s) => s.appId));
        expect(st.services?.count ?? 0).toBe(names.size);
        expect(st.services?.onlineCount ?? 0).toBe(online.size);
        expect(st.instances?.count ?? 0).toBe(instances);
        expect(st.instances?.countByDomain ?? 0).toBe(instances);
        expect(st.apps?.count ?? 0).toBe(apps.size);
        for (const v of [st.services?.count, st.services?.onlineCount, st.instances?.count, st.apps?.count]) expect(v).not.toBe(0);
        expect(st.services?.onlineCount ?? 0).toBeLessThanOrEqual(st.services?.count ?? 0);
        expect(st.apps?.count ?? 0).toBeLessThanOrEqual(st.services?.count ?? 0);
      }),
    );
  });

  test('independent of the order of the services; withShared never counts less', () => {
    fc.assert(
      fc.property(input, ([services, counts]) => {
        const count = new Map(services.map((s, i) => [s.serviceId, counts[i]]));
        const of = (list: typeof services, shared: boolean) => governStatistics(tenant, list, (id) => count.get(id) ?? 0, shared);
        expect(of([...services].reverse(), false)).toEqual(of(services, false));
        const plain = of(services, false);
        const shared = of(services, true);
        expect(shared.services?.count ?? 0).toBeGreaterThanOrEqual(plain.services?.count ?? 0);
        expect(shared.instances?.count ?? 0).toBeGreaterThanOrEqual(plain.instances?.count ?? 0);
      }),
    );
  });
});
