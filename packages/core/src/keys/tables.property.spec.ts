// Properties: a scope selects exactly the keys of its tenant or service, so a range never
// reaches another tenant's or another service's rows.
import fc from 'fast-check';
import { etcdKey } from './etcd-key';
import { keyScope } from './tables';
import { idSegment, keySegment } from '../__tests__/wire-arbitraries';

const tenant = fc.record({ domain: idSegment, project: idSegment });
const names = fc.record({ environment: keySegment, appId: idSegment, serviceName: idSegment });
const sameTenant = (a: { domain: string; project: string }, b: { domain: string; project: string }) => a.domain === b.domain && a.project === b.project;

describe('keyScope', () => {
  test('a tenant scope holds exactly that tenant’s keys', () => {
    fc.assert(
      fc.property(tenant, tenant, idSegment, idSegment, (t, other, serviceId, instanceId) => {
        const keys = [
          ['service', etcdKey.service(other, serviceId)],
          ['instance', etcdKey.instance(other, serviceId, instanceId)],
          ['tags', etcdKey.tags(other, serviceId)],
        ] as const;
        for (const [kind, key] of keys) {
          expect(key.startsWith(keyScope.tenant(kind, t))).toBe(sameTenant(t, other));
          expect(key.startsWith(keyScope.all(kind))).toBe(true);
        }
      }),
    );
  });

  test('a service scope holds exactly that service’s instances, leases, schemas and summaries', () => {
    fc.assert(
      fc.property(tenant, idSegment, idSegment, idSegment, (t, serviceId, otherId, child) => {
        const same = serviceId === otherId;
        expect(etcdKey.instance(t, otherId, child).startsWith(keyScope.service('instance', t, serviceId))).toBe(same);
        expect(etcdKey.lease(t, otherId, child).startsWith(keyScope.service('lease', t, serviceId))).toBe(same);
        expect(etcdKey.schemaRef(t, otherId, child).startsWith(keyScope.service('schemaRef', t, serviceId))).toBe(same);
        expect(etcdKey.summary(t, otherId, child).startsWith(keyScope.service('summary', t, serviceId))).toBe(same);
        expect(etcdKey.schema(t, otherId, child).startsWith(keyScope.service('schema', t, serviceId))).toBe(same);
      }),
    );
  });

  test('a versions scope holds every version of one env/app/name; a rules scope one side of it', () => {
    fc.assert(
      fc.property(tenant, names, names, idSegment, fc.constantFrom<'c' | 'p'>('c', 'p'), (t, n, m, version, side) => {
        const same = n.environment === m.environment && n.appId === m.appId && n.serviceName === m.serviceName;
        const key = { ...t, ...m, version };
        expect(etcdKey.index(key).startsWith(keyScope.versions('index', t, n))).toBe(same);
        expect(etcdKey.alias(key).startsWith(keyScope.versions('alias', t, n))).toBe(same);
        expect(etcdKey.depRule(t, side, { ...m, version }).startsWith(keyScope.depRules(t, side, n))).toBe(same);
        expect(etcdKey.depRule(t, side === 'c' ? 'p' : 'c', { ...m, version }).startsWith(keyScope.depRules(t, side, n))).toBe(false);
      }),
    );
  });
});
