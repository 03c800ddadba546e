// Service and instance ids: sha1 of the index key; 32-hex instance ids.
import { createHash, randomUUID } from 'node:crypto';
import { instanceIdFromUuid, isGeneratedInstanceId, isGeneratedServiceId, schemaHashOf, serviceIdOf } from './ids';
import { ServiceKey } from './service-key';

const sha1 = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex');

const KEY: ServiceKey = { domain: 'default', project: 'default', environment: '', appId: 'app', serviceName: 'svc', version: '1.0.0' };

describe('serviceIdOf', () => {
  test.each<[string, ServiceKey, string]>([
    ['default tenant, empty env', KEY, '/cse-sr/ms/indexes/default/default//app/svc/1.0.0'],
    ['production env', { ...KEY, environment: 'production' }, '/cse-sr/ms/indexes/default/default/production/app/svc/1.0.0'],
    ['other tenant', { ...KEY, domain: 'user', project: 'proj' }, '/cse-sr/ms/indexes/user/proj//app/svc/1.0.0'],
    ['unicode name', { ...KEY, serviceName: 'サービス' }, '/cse-sr/ms/indexes/default/default//app/サービス/1.0.0'],
  ])('%s: lowercase hex sha1 of the index key', (_label, key, indexKey) => {
    const id = serviceIdOf(key);
    expect(id).toBe(sha1(indexKey));
    expect(id).toMatch(/^[0-9a-f]{40}$/);
    expect(id).toHaveLength(40);
  });

  test('is deterministic: the same key gets the same id', () => {
    expect(serviceIdOf({ ...KEY })).toBe(serviceIdOf(KEY));
  });

  test.each<[keyof ServiceKey, string]>([
    ['domain', 'd2'],
    ['project', 'p2'],
    ['environment', 'testing'],
    ['appId', 'app2'],
    ['serviceName', 'svc2'],
    ['version', '1.0.1'],
  ])('changing %s changes the id', (field, value) => {
    expect(serviceIdOf({ ...KEY, [field]: value })).not.toBe(serviceIdOf(KEY));
  });

  test('generated ids are recognised', () => {
    expect(isGeneratedServiceId(serviceIdOf(KEY))).toBe(true);
  });

  test.each(['', 'customId', 'A'.repeat(40), 'a'.repeat(39), 'a'.repeat(41), 'g'.repeat(40)])('isGeneratedServiceId(%j) is false', (id) => {
    expect(isGeneratedServiceId(id)).toBe(false);
  });
});

describe('instance ids', () => {
  test('instanceIdFromUuid(randomUUID()) is 32 lowercase hex', () => {
    for (let i = 0; i < 20; i++) {
      const id = instanceIdFromUuid(randomUUID());
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(isGeneratedInstanceId(id)).toBe(true);
    }
  });

  test('dashes are removed and upper case lowered (e.g. a pod uid)', () => {
    expect(instanceIdFromUuid('0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe('0f8fad5bd9cb469fa16570867728950e');
  });

  test.each(['', 'customId', 'A'.repeat(32), 'a'.repeat(31), 'a'.repeat(33), '0f8fad5b-d9cb-469f-a165-70867728950e'])(
    'isGeneratedInstanceId(%j) is false',
    (id) => {
      expect(isGeneratedInstanceId(id)).toBe(false);
    },
  );
});

describe('schemaHashOf', () => {
  test('md5 hex of "schemaId: content"', () => {
    const expected = createHash('md5').update('first_schemaId: first_schema').digest('hex');
    expect(schemaHashOf('first_schemaId', 'first_schema')).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{32}$/);
  });

  test('the schema id is part of the hash', () => {
    expect(schemaHashOf('a', 'x')).not.toBe(schemaHashOf('b', 'x'));
  });
});
