// SC v2.2.0 existence, find, dependency and id rules (server/service/validator/*.go).
import * as E from 'fp-ts/Either';
import {
  BatchServiceIdRule,
  ConsumerIdRule,
  DependencyConsumerRules,
  DependencyProviderRules,
  ExistenceRules,
  FindRules,
  InstanceIdRule,
  ServiceIdRule,
  StatusValueRule,
} from './rules';
import { validateField, validateObject } from './validate';
import { SC_RE, chars, detailOf, leftOf } from '../__tests__/wire-helpers';

describe('existence (type=microservice): exact versions only', () => {
  const ok = { appId: 'integrationtestAppId', serviceName: 'svc', version: '0.0.1' };
  const VERSION = `{Min: 1, Max: 64, Regexp: ${SC_RE.version}}`;

  test.each<[string, Record<string, unknown>]>([
    ['a plain key', ok],
    ['an alias as the name', { ...ok, serviceName: 'integrationtestAppIdInstance:svc' }],
    ['a 289-char name', { ...ok, serviceName: chars(289) }],
    ['environment production', { ...ok, environment: 'production' }],
    ['version 32767.32767.32767.32767', { ...ok, version: '32767.32767.32767.32767' }],
  ])('%s is accepted', (_label, q) => {
    expect(validateObject(ExistenceRules, q)).toEqual(E.right(undefined));
  });

  test.each(['', '3.32768.0', '3.0.0.0.0', '0.0.0-1.0.0', '0.0.0+', 'latest', '1.0.0+'])('version %j -> 400001', (version) => {
    const err = leftOf(validateObject(ExistenceRules, { ...ok, version }));
    expect(err.code).toBe(400001);
    expect(err.detail).toBe(detailOf('GetExistenceRequest', 'Version', version, VERSION));
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['empty appId', { ...ok, appId: '' }, detailOf('GetExistenceRequest', 'AppId', '', `{Min: 1, Max: 160, Regexp: ${SC_RE.name}}`)],
    ['empty serviceName', { ...ok, serviceName: '' }, detailOf('GetExistenceRequest', 'ServiceName', '', `{Min: 1, Max: 289, Regexp: ${SC_RE.aliasableName}}`)],
    ['a 290-char name', { ...ok, serviceName: chars(290) }, detailOf('GetExistenceRequest', 'ServiceName', chars(290), `{Min: 1, Max: 289, Regexp: ${SC_RE.aliasableName}}`)],
    ['unknown environment', { ...ok, environment: 'dev' }, detailOf('GetExistenceRequest', 'Environment', 'dev', `{Regexp: ${SC_RE.environment}}`)],
  ])('%s -> 400001', (_label, q, detail) => {
    expect(leftOf(validateObject(ExistenceRules, q)).detail).toBe(detail);
  });
});

describe('find (GET /registry/instances)', () => {
  const ok = { appId: 'app', serviceName: 'svc' };

  test.each<[string, Record<string, unknown>]>([
    ['appId and name', ok],
    ['with consumer id and env', { ...ok, consumerServiceId: 'c'.repeat(64), environment: 'testing' }],
    ['find by alias', { ...ok, serviceName: 'app:svc' }],
    ['with tag keys', { ...ok, tags: ['test', 'a_b'] }],
    ['an empty consumer id (header absent)', { ...ok, consumerServiceId: '' }],
  ])('%s is accepted', (_label, q) => {
    expect(validateObject(FindRules, q)).toEqual(E.right(undefined));
  });

  test.each<[string, Record<string, unknown>, string, string]>([
    ['appId too long', { ...ok, appId: chars(161) }, 'AppId', chars(161)],
    ['appId empty', { ...ok, appId: '' }, 'AppId', ''],
    ['appId " "', { ...ok, appId: ' ' }, 'AppId', ' '],
    ['name too long', { ...ok, serviceName: chars(290) }, 'ServiceName', chars(290)],
    ['name empty', { ...ok, serviceName: '' }, 'ServiceName', ''],
    ['name " "', { ...ok, serviceName: ' ' }, 'ServiceName', ' '],
    ['consumer id 65 chars', { ...ok, consumerServiceId: chars(65) }, 'ConsumerServiceId', chars(65)],
    ['consumer id with a space', { ...ok, consumerServiceId: 'a b' }, 'ConsumerServiceId', 'a b'],
    ['a tag starting with a digit', { ...ok, tags: ['ok', '1x'] }, 'Tags', '1x'],
  ])('%s -> 400001', (_label, q, goName, value) => {
    const err = leftOf(validateObject(FindRules, q));
    expect(err.code).toBe(400001);
    expect(err.detail).toMatch(new RegExp(`^field 'FindInstancesRequest\\.${goName}' invalid value '${value}' does not match rule: \\{`));
  });
});

describe('dependencies: consumer key exact, provider key fuzzy-or-empty', () => {
  const consumer = { appId: 'consumerAppId', serviceName: 'consumer', version: '2.0.0' };

  test('a full consumer key is accepted', () => {
    expect(validateObject(DependencyConsumerRules, { ...consumer, environment: 'production' })).toEqual(E.right(undefined));
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['no appId', { ...consumer, appId: '' }, detailOf('MicroServiceKey', 'AppId', '', `{Min: 1, Max: 160, Regexp: ${SC_RE.name}}`)],
    ['no serviceName', { ...consumer, serviceName: undefined }, detailOf('MicroServiceKey', 'ServiceName', '', `{Min: 1, Max: 128, Regexp: ${SC_RE.name}}`)],
    ['no version', { ...consumer, version: '' }, detailOf('MicroServiceKey', 'Version', '', `{Min: 1, Max: 64, Regexp: ${SC_RE.version}}`)],
    ['a version rule', { ...consumer, version: '1.0.0+' }, detailOf('MicroServiceKey', 'Version', '1.0.0+', `{Min: 1, Max: 64, Regexp: ${SC_RE.version}}`)],
    ['a bad environment', { ...consumer, environment: 'prod' }, detailOf('MicroServiceKey', 'Environment', 'prod', `{Regexp: ${SC_RE.environment}}`)],
  ])('consumer with %s -> 400001', (_label, key, detail) => {
    expect(leftOf(validateObject(DependencyConsumerRules, key)).detail).toBe(detail);
  });

  test.each<[string, Record<string, unknown>]>([
    ['empty appId (defaults to the consumer app)', { serviceName: 'p', version: '1.0.0' }],
    ['empty version', { appId: 'a', serviceName: 'p', version: '' }],
    ['absent version', { appId: 'a', serviceName: 'p' }],
    ['latest', { serviceName: 'p', version: 'latest' }],
    ['1.0.0+', { serviceName: 'p', version: '1.0.0+' }],
    ['0+', { serviceName: 'p', version: '0+' }],
    ['1.0.0-2.0.0', { serviceName: 'p', version: '1.0.0-2.0.0' }],
    ['an exact version', { serviceName: 'p', version: '32767.0.1' }],
  ])('provider with %s is accepted', (_label, key) => {
    expect(validateObject(DependencyProviderRules, key)).toEqual(E.right(undefined));
  });

  test.each(['abc', '1.0.0-', '1.32768.0+', '1.0-2.a', 'LATEST', '1.0.0.0+'])('provider version %j -> 400001', (version) => {
    const err = leftOf(validateObject(DependencyProviderRules, { serviceName: 'p', version }));
    expect(err.detail).toBe(detailOf('MicroServiceKey', 'Version', version, `{Max: 128, Regexp: ${SC_RE.versionRuleOrEmpty}}`));
  });

  test('provider without serviceName -> 400001', () => {
    expect(leftOf(validateObject(DependencyProviderRules, { appId: 'a', version: '1.0.0' })).detail).toBe(
      detailOf('MicroServiceKey', 'ServiceName', '', `{Min: 1, Max: 128, Regexp: ${SC_RE.name}}`),
    );
  });

  test('provider appId over 160 chars -> 400001', () => {
    expect(leftOf(validateObject(DependencyProviderRules, { appId: chars(161), serviceName: 'p' })).detail).toBe(
      detailOf('MicroServiceKey', 'AppId', chars(161), `{Max: 160, Regexp: ${SC_RE.name}}`),
    );
  });
});

describe('id and status parameters', () => {
  test.each<[string, string, boolean]>([
    ['a generated id', 'a'.repeat(40), true],
    ['64 chars', chars(64), true],
    ['empty', '', false],
    ['65 chars', chars(65), false],
    ['a space', ' ', false],
  ])('ServiceIdRule: %s valid=%s', (_label, id, ok) => {
    const r = validateField('GetServiceRequest', ServiceIdRule, id);
    if (ok) expect(r).toEqual(E.right(undefined));
    else expect(leftOf(r).detail).toBe(detailOf('GetServiceRequest', 'ServiceId', id, `{Min: 1, Max: 64, Regexp: ${SC_RE.serviceId}}`));
  });

  test.each<[string, boolean]>([
    ['0123456789abcdef0123456789abcdef', true],
    ['customId', true],
    ['', false],
    ['XX/YY', false],
    [chars(65), false],
  ])('InstanceIdRule: %j valid=%s', (id, ok) => {
    const r = validateField('HeartbeatRequest', InstanceIdRule, id);
    if (ok) expect(r).toEqual(E.right(undefined));
    else expect(leftOf(r).detail).toBe(detailOf('HeartbeatRequest', 'InstanceId', id, `{Min: 1, Max: 64, Regexp: ${SC_RE.instanceId}}`));
  });

  test.each<[string, boolean]>([
    ['sid', true],
    [chars(64), true],
    ['', false],
    [chars(65), false],
    ['a b', false],
  ])('BatchServiceIdRule (each id of a batch delete): %j valid=%s', (id, ok) => {
    expect(E.isRight(validateField('DelServicesRequest', BatchServiceIdRule, id))).toBe(ok);
  });

  test.each<[string, boolean]>([
    ['UP', true],
    ['DOWN', true],
    ['STARTING', true],
    ['TESTING', true],
    ['OUTOFSERVICE', true],
    ['', false],
    ['INVALID', false],
    ['up', false],
  ])('StatusValueRule: %j valid=%s', (value, ok) => {
    const r = validateField('UpdateInstanceStatusRequest', StatusValueRule, value);
    if (ok) expect(r).toEqual(E.right(undefined));
    else expect(leftOf(r).detail).toBe(detailOf('UpdateInstanceStatusRequest', 'Status', value, `{Regexp: ${SC_RE.instanceStatusRequired}}`));
  });

  test.each<[string, boolean]>([
    ['', true],
    ['consumer', true],
    [chars(65), false],
    ['a b', false],
  ])('ConsumerIdRule (X-ConsumerId): %j valid=%s', (id, ok) => {
    expect(E.isRight(validateField('FindInstancesRequest', ConsumerIdRule, id))).toBe(ok);
  });
});
