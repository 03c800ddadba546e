// MicroServiceKey (cari: discovery/types.go): {tenant, environment, appId, serviceName, alias, version}.
import { decodeWith } from '../codec/decode';
import { MicroServiceKey } from './micro-service-key';
import { leftOf, rightOf } from '../__tests__/wire-helpers';

describe('MicroServiceKey codec', () => {
  const key = { tenant: 'default/default', environment: '', appId: 'app', serviceName: 'svc', alias: 'a', version: '1.0.0' };

  test('decodes every field, keeping an empty environment', () => {
    expect(rightOf(decodeWith(MicroServiceKey, key))).toStrictEqual(key);
  });

  test('1.x list-watch keys have no tenant', () => {
    const k = { environment: '', appId: 'app', serviceName: 'svc', version: '1.0.0' };
    expect(rightOf(decodeWith(MicroServiceKey, k))).toStrictEqual(k);
  });

  test('unknown fields stripped, nulls absent', () => {
    expect(rightOf(decodeWith(MicroServiceKey, { appId: 'a', tenant: null, domain: 'x' }))).toStrictEqual({ appId: 'a' });
  });

  test('a wrong type fails naming the field', () => {
    expect(leftOf(decodeWith(MicroServiceKey, { version: 1.0 })).detail).toBe('version: expected string, got 1');
  });
});
