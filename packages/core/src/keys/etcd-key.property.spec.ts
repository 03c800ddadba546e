// Properties: every etcd key builder round-trips through parseEtcdKey; the parser never throws.
import fc from 'fast-check';
import { etcdKey, parseEtcdKey } from './etcd-key';
import { serviceIdOf } from './ids';
import { createHash } from 'node:crypto';
import { idSegment, keySegment } from '../__tests__/wire-arbitraries';

const tenant = fc.record({ domain: idSegment, project: idSegment });
const serviceKey = fc.record({
  domain: idSegment,
  project: idSegment,
  environment: keySegment,
  appId: idSegment,
  serviceName: idSegment,
  version: idSegment,
});

describe('etcd keys', () => {
  test('index / alias keys round-trip', () => {
    fc.assert(
      fc.property(serviceKey, (k) => {
        expect(parseEtcdKey(etcdKey.index(k))).toEqual({ kind: 'index', key: k });
        expect(parseEtcdKey(etcdKey.alias(k))).toEqual({ kind: 'alias', key: k });
      }),
    );
  });

  test('dependency rule keys round-trip on both sides', () => {
    fc.assert(
      fc.property(serviceKey, fc.constantFrom<'c' | 'p'>('c', 'p'), (k, side) => {
        const t = { domain: k.domain, project: k.project };
        expect(parseEtcdKey(etcdKey.depRule(t, side, k))).toEqual({ kind: 'depRule', tenant: t, side, key: k });
      }),
    );
  });

  test('tenant + id keys round-trip', () => {
    fc.assert(
      fc.property(tenant, idSegment, idSegment, (t, a, b) => {
        expect(parseEtcdKey(etcdKey.service(t, a))).toEqual({ kind: 'service', tenant: t, serviceId: a });
        expect(parseEtcdKey(etcdKey.tags(t, a))).toEqual({ kind: 'tags', tenant: t, serviceId: a });
        expect(parseEtcdKey(etcdKey.schemaContent(t, a))).toEqual({ kind: 'schemaContent', tenant: t, hash: a });
        expect(parseEtcdKey(etcdKey.depQueue(t, a, b))).toEqual({ kind: 'depQueue', tenant: t, consumerId: a, uuid: b });
        for (const kind of ['schema', 'schemaRef', 'summary'] as const) {
          expect(parseEtcdKey(etcdKey[kind](t, a, b))).toEqual({ kind, tenant: t, serviceId: a, schemaId: b });
        }
        for (const kind of ['instance', 'lease'] as const) {
          expect(parseEtcdKey(etcdKey[kind](t, a, b))).toEqual({ kind, tenant: t, serviceId: a, instanceId: b });
        }
      }),
    );
  });

  test('parseEtcdKey never throws, and whatever it parses starts with /cse-sr/', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('/cse-sr/ms/files/', '/cse-sr/inst/files/').chain((p) => fc.string().map((s) => p + s))), (s) => {
        const parsed = parseEtcdKey(s);
        if (parsed !== undefined) expect(s.startsWith('/cse-sr/')).toBe(true);
      }),
    );
  });

  test('serviceIdOf is the sha1 of the index key, 40 lowercase hex chars', () => {
    fc.assert(
      fc.property(serviceKey, (k) => {
        const id = serviceIdOf(k);
        expect(id).toMatch(/^[0-9a-f]{40}$/);
        expect(id).toBe(createHash('sha1').update(etcdKey.index(k)).digest('hex'));
      }),
    );
  });
});
