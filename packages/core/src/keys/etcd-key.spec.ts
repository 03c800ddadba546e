// etcd-style keys (SC's datasource/etcd/path/key_generator.go): builders and the positional parser.
import { KeyPrefix, ParsedKey, etcdKey, parseEtcdKey } from './etcd-key';
import { DEFAULT_TENANT, ServiceKey, Tenant } from './service-key';

const T: Tenant = { domain: 'dom', project: 'proj' };
const SK: ServiceKey = { domain: 'dom', project: 'proj', environment: 'production', appId: 'app', serviceName: 'svc', version: '1.0.0' };

describe('etcdKey builders follow the SC key table', () => {
  test.each<[string, string, string]>([
    ['service', etcdKey.service(T, 'sid'), '/cse-sr/ms/files/dom/proj/sid'],
    ['index', etcdKey.index(SK), '/cse-sr/ms/indexes/dom/proj/production/app/svc/1.0.0'],
    ['index, empty env', etcdKey.index({ ...SK, environment: '' }), '/cse-sr/ms/indexes/dom/proj//app/svc/1.0.0'],
    ['alias', etcdKey.alias({ ...SK, serviceName: 'al' }), '/cse-sr/ms/alias/dom/proj/production/app/al/1.0.0'],
    ['tags', etcdKey.tags(T, 'sid'), '/cse-sr/ms/tags/dom/proj/sid'],
    ['dependency rule, provider side', etcdKey.depRule(T, 'p', SK), '/cse-sr/ms/dep-rules/dom/proj/p/production/app/svc/1.0.0'],
    ['dependency rule, consumer side', etcdKey.depRule(T, 'c', SK), '/cse-sr/ms/dep-rules/dom/proj/c/production/app/svc/1.0.0'],
    ['dependency queue', etcdKey.depQueue(T, 'cid', 'u1'), '/cse-sr/ms/dep-queue/dom/proj/cid/u1'],
    ['schema (old)', etcdKey.schema(T, 'sid', 'sch'), '/cse-sr/ms/schemas/dom/proj/sid/sch'],
    ['schema ref', etcdKey.schemaRef(T, 'sid', 'sch'), '/cse-sr/ms/schema-ref/dom/proj/sid/sch'],
    ['schema content', etcdKey.schemaContent(T, 'abc123'), '/cse-sr/ms/schema-content/dom/proj/abc123'],
    ['schema summary', etcdKey.summary(T, 'sid', 'sch'), '/cse-sr/ms/schema-sum/dom/proj/sid/sch'],
    ['instance', etcdKey.instance(T, 'sid', 'iid'), '/cse-sr/inst/files/dom/proj/sid/iid'],
    ['lease', etcdKey.lease(T, 'sid', 'iid'), '/cse-sr/inst/leases/dom/proj/sid/iid'],
  ])('%s', (_label, key, expected) => {
    expect(key).toBe(expected);
  });

  test('every prefix has a builder', () => {
    expect(Object.keys(etcdKey).sort()).toEqual(Object.keys(KeyPrefix).sort());
  });
});

describe('parseEtcdKey', () => {
  test.each<[string, ParsedKey]>([
    [etcdKey.service(T, 'sid'), { kind: 'service', tenant: T, serviceId: 'sid' }],
    [etcdKey.index(SK), { kind: 'index', key: SK }],
    [etcdKey.alias({ ...SK, serviceName: 'al' }), { kind: 'alias', key: { ...SK, serviceName: 'al' } }],
    [etcdKey.tags(T, 'sid'), { kind: 'tags', tenant: T, serviceId: 'sid' }],
    [etcdKey.depRule(T, 'p', SK), { kind: 'depRule', tenant: T, side: 'p', key: SK }],
    [etcdKey.depRule(T, 'c', SK), { kind: 'depRule', tenant: T, side: 'c', key: SK }],
    [etcdKey.depQueue(T, 'cid', 'u1'), { kind: 'depQueue', tenant: T, consumerId: 'cid', uuid: 'u1' }],
    [etcdKey.schema(T, 'sid', 'sch'), { kind: 'schema', tenant: T, serviceId: 'sid', schemaId: 'sch' }],
    [etcdKey.schemaRef(T, 'sid', 'sch'), { kind: 'schemaRef', tenant: T, serviceId: 'sid', schemaId: 'sch' }],
    [etcdKey.schemaContent(T, 'abc123'), { kind: 'schemaContent', tenant: T, hash: 'abc123' }],
    [etcdKey.summary(T, 'sid', 'sch'), { kind: 'summary', tenant: T, serviceId: 'sid', schemaId: 'sch' }],
    [etcdKey.instance(T, 'sid', 'iid'), { kind: 'instance', tenant: T, serviceId: 'sid', instanceId: 'iid' }],
    [etcdKey.lease(T, 'sid', 'iid'), { kind: 'lease', tenant: T, serviceId: 'sid', instanceId: 'iid' }],
  ])('%s round-trips', (key, parsed) => {
    expect(parseEtcdKey(key)).toEqual(parsed);
  });

  test('dump keys from SC parse (empty environment kept)', () => {
    expect(parseEtcdKey('/cse-sr/ms/indexes/default/default//app/svc/0.0.1')).toEqual({
      kind: 'index',
      key: { domain: 'default', project: 'default', environment: '', appId: 'app', serviceName: 'svc', version: '0.0.1' },
    });
    expect(parseEtcdKey(etcdKey.instance(DEFAULT_TENANT, 's', 'i'))).toEqual({ kind: 'instance', tenant: DEFAULT_TENANT, serviceId: 's', instanceId: 'i' });
  });

  test.each([
    '',
    '/',
    'junk',
    '/cse-sr/',
    '/cse-sr/ms/files/',
    '/cse-sr/ms/files/d/p',
    '/cse-sr/ms/files/d/p/sid/extra',
    'cse-sr/ms/files/d/p/sid',
    '/cse-sr/ms/indexes/d/p/env/app/svc',
    '/cse-sr/ms/indexes/d/p/env/app/svc/1.0.0/x',
    '/cse-sr/ms/dep-rules/d/p/x/env/app/svc/1.0.0',
    '/cse-sr/ms/dep-rules/d/p/c/env/app/svc',
    '/cse-sr/inst/files/d/p/sid',
    '/cse-sr/inst/leases/d/p/sid/iid/x',
    '/cse-sr/ms/schema-content/d/p',
    '/cse-sr/ms/unknown/d/p/sid',
    '/other/ms/files/d/p/sid',
  ])('junk %j -> undefined', (key) => {
    expect(parseEtcdKey(key)).toBeUndefined();
  });

  test.each([undefined, null, 42, {}])('a non-string %p -> undefined, no throw', (key) => {
    expect(parseEtcdKey(key as unknown as string)).toBeUndefined();
  });
});
