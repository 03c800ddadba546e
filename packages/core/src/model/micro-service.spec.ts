// MicroService, Framework, ServicePath (cari: discovery/service.go): field names exactly as SC serialises them.
import { decodeJson, decodeWith } from '../codec/decode';
import { Framework, MicroService, ServicePath } from './micro-service';
import { leftOf, rightOf } from '../__tests__/wire-helpers';

/** A service as SC v2.2.0 returns it from GET …/microservices/{id}. */
const SC_SERVICE = {
  serviceId: 'a'.repeat(40),
  appId: 'integrationtestAppId',
  serviceName: 'svc',
  version: '0.0.1',
  description: 'desc',
  level: 'FRONT',
  schemas: ['testSchema'],
  paths: [{ path: '/a/b', property: { k: 'v' } }],
  status: 'UP',
  properties: { attr1: 'aa', allowCrossApp: 'true' },
  timestamp: '1700000000',
  modTimestamp: '1700000001',
  providers: [{ tenant: 'default/default', appId: 'p', serviceName: 'ps', version: '1.0.0' }],
  alias: 'app:svc',
  LBStrategy: { name: 'RoundRobin' },
  environment: 'production',
  registerBy: 'SDK',
  framework: { name: 'servicecomb-java-chassis', version: '2.8.0' },
};

describe('MicroService codec', () => {
  test('decodes every SC field, including the capitalised LBStrategy', () => {
    expect(rightOf(decodeWith(MicroService, SC_SERVICE))).toStrictEqual(SC_SERVICE);
  });

  test('encodes back to the same JSON', () => {
    expect(JSON.parse(JSON.stringify(MicroService.encode(SC_SERVICE)))).toEqual(SC_SERVICE);
  });

  test('every field is optional: {} is a service', () => {
    expect(rightOf(decodeWith(MicroService, {}))).toStrictEqual({});
  });

  test('unknown fields (e.g. 1.x rules, a lower-case lbStrategy) are stripped', () => {
    const s = rightOf(decodeWith(MicroService, { serviceName: 'x', rules: [{ ruleType: 'WHITE' }], lbStrategy: { a: 'b' } }));
    expect(s).toStrictEqual({ serviceName: 'x' });
  });

  test('null optional fields decode as absent', () => {
    const s = rightOf(decodeJson(MicroService, '{"serviceName":"x","schemas":null,"framework":null,"alias":null}'));
    expect(s).toStrictEqual({ serviceName: 'x' });
    expect(s).not.toHaveProperty('schemas');
  });

  test.each<[string, unknown, string]>([
    ['appId a number', { appId: 1 }, 'appId: expected string, got 1'],
    ['schemas a string', { schemas: 'a' }, 'schemas: expected StringArray, got "a"'],
    ['a schema id a number', { schemas: ['a', 2] }, 'schemas.1: expected string, got 2'],
    ['a property value a number', { properties: { a: 1 } }, 'properties.a: expected string, got 1'],
    ['a path property value null', { paths: [{ property: { k: null } }] }, 'paths.0.property.k: expected string, got null'],
    ['framework.version a number', { framework: { version: 2 } }, 'framework.version: expected string, got 2'],
    ['a provider appId a boolean', { providers: [{ appId: true }] }, 'providers.0.appId: expected string, got true'],
  ])('%s -> 400001 naming the field', (_label, input, detail) => {
    const err = leftOf(decodeWith(MicroService, input));
    expect(err.code).toBe(400001);
    expect(err.detail).toBe(detail);
  });
});

describe('Framework / ServicePath codecs', () => {
  test('Framework', () => {
    expect(rightOf(decodeWith(Framework, { name: 'n', version: 'v', x: 1 }))).toStrictEqual({ name: 'n', version: 'v' });
    expect(leftOf(decodeWith(Framework, { name: [] })).detail).toBe('name: expected string, got []');
  });

  test('ServicePath', () => {
    expect(rightOf(decodeWith(ServicePath, { path: '/p', property: {} }))).toStrictEqual({ path: '/p', property: {} });
    expect(rightOf(decodeWith(ServicePath, { path: '/p', property: null }))).toStrictEqual({ path: '/p' });
    expect(leftOf(decodeWith(ServicePath, { property: [] })).detail).toBe('property: expected StringMap, got []');
  });
});
