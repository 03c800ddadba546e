// Service identity keys and tenants (SC's datasource/etcd/path/key_generator.go).
import { DEFAULT_TENANT, aliasKeyOf, parseTenant, sameServiceKey, serviceKeyOf, serviceKeyText, tenantText } from './service-key';

describe('tenants', () => {
  test('default tenant is default/default and frozen', () => {
    expect(DEFAULT_TENANT).toEqual({ domain: 'default', project: 'default' });
    expect(Object.isFrozen(DEFAULT_TENANT)).toBe(true);
    expect(tenantText(DEFAULT_TENANT)).toBe('default/default');
  });

  test.each<[string, { domain: string; project: string }]>([
    ['default/default', { domain: 'default', project: 'default' }],
    ['user/proj', { domain: 'user', project: 'proj' }],
    ['solo', { domain: 'solo', project: 'default' }],
    ['a/b/c', { domain: 'a', project: 'b/c' }],
    ['/p', { domain: '', project: 'p' }],
  ])('parseTenant(%j)', (text, tenant) => {
    expect(parseTenant(text)).toEqual(tenant);
  });

  test('tenantText inverts parseTenant for domain/project texts', () => {
    expect(tenantText(parseTenant('x/y'))).toBe('x/y');
  });
});

describe('service keys', () => {
  test('serviceKeyOf fills absent fields with ""', () => {
    expect(serviceKeyOf(DEFAULT_TENANT, { appId: 'app', serviceName: 'svc' })).toEqual({
      domain: 'default',
      project: 'default',
      environment: '',
      appId: 'app',
      serviceName: 'svc',
      version: '',
    });
  });

  test('aliasKeyOf puts the alias in place of the name', () => {
    const k = aliasKeyOf({ domain: 'd', project: 'p' }, { environment: 'production', appId: 'a', alias: 'al', version: '1' });
    expect(k).toEqual({ domain: 'd', project: 'p', environment: 'production', appId: 'a', serviceName: 'al', version: '1' });
  });

  test('serviceKeyText is the index key path', () => {
    expect(serviceKeyText(serviceKeyOf(DEFAULT_TENANT, { appId: 'a', serviceName: 's', version: '1.0.0' }))).toBe('default/default//a/s/1.0.0');
  });

  test('sameServiceKey compares every field', () => {
    const k = serviceKeyOf(DEFAULT_TENANT, { appId: 'a', serviceName: 's', version: '1' });
    expect(sameServiceKey(k, { ...k })).toBe(true);
    expect(sameServiceKey(k, { ...k, environment: 'testing' })).toBe(false);
    expect(sameServiceKey(k, { ...k, project: 'other' })).toBe(false);
  });
});
