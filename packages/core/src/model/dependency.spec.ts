// ConsumerDependency and the stored MicroServiceDependency (capital "Dependency", cari: discovery/types.go).
import { decodeJson, decodeWith } from '../codec/decode';
import { ConsumerDependency, MicroServiceDependency } from './dependency';
import { leftOf, rightOf } from '../__tests__/wire-helpers';

describe('ConsumerDependency codec', () => {
  test('consumer, providers and override', () => {
    const d = {
      consumer: { appId: 'consumerAppId', serviceName: 'c', version: '2.0.0' },
      providers: [{ appId: 'a', serviceName: 'p', version: '0.0.0+' }],
      override: true,
    };
    expect(rightOf(decodeWith(ConsumerDependency, d))).toStrictEqual(d);
  });

  test('an empty provider list (PUT) is kept', () => {
    expect(rightOf(decodeWith(ConsumerDependency, { consumer: {}, providers: [] }))).toStrictEqual({ consumer: {}, providers: [] });
  });

  test.each<[unknown, string]>([
    [{ override: 'true' }, 'override: expected boolean, got "true"'],
    [{ providers: [{ version: 1 }] }, 'providers.0.version: expected string, got 1'],
    [{ consumer: [] }, 'consumer: expected MicroServiceKey, got []'],
  ])('%p -> 400001 naming the field', (input, detail) => {
    expect(leftOf(decodeWith(ConsumerDependency, input)).detail).toBe(detail);
  });
});

describe('MicroServiceDependency codec', () => {
  test('reads the capital-D "Dependency" key', () => {
    const v = rightOf(decodeJson(MicroServiceDependency, '{"Dependency":[{"appId":"a","serviceName":"s","version":"1.0.0"}]}'));
    expect(v).toStrictEqual({ Dependency: [{ appId: 'a', serviceName: 's', version: '1.0.0' }] });
  });

  test('a lower-case "dependency" key is an unknown field', () => {
    expect(rightOf(decodeWith(MicroServiceDependency, { dependency: [] }))).toStrictEqual({});
  });

  test('writes the capital-D key', () => {
    expect(JSON.stringify(MicroServiceDependency.encode({ Dependency: [{ serviceName: 's' }] }))).toBe('{"Dependency":[{"serviceName":"s"}]}');
  });

  test('a wrong type fails naming the field', () => {
    expect(leftOf(decodeWith(MicroServiceDependency, { Dependency: {} })).detail).toBe('Dependency: expected Array<MicroServiceKey>, got {}');
  });
});
