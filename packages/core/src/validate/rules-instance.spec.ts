// SC v2.2.0 instance rules (server/service/validator/instance_validator.go) and the cases of
// server/service/disco/instance_test.go.
import * as E from 'fp-ts/Either';
import { DataCenterInfoRules, HealthCheckRules, RegisterInstanceRules } from './rules';
import { validateObject } from './validate';
import { MicroServiceInstance, normalizeHealthCheck } from '../model/instance';
import { SC_RE, chars, detailOf, leftOf } from '../__tests__/wire-helpers';

const INT32_MAX = 2147483647;

const validate = (i: MicroServiceInstance) => validateObject(RegisterInstanceRules, i);

const base: MicroServiceInstance = { serviceId: 'sid', hostName: 'host', endpoints: ['rest://127.0.0.1:8080'] };

describe('RegisterInstanceRules: accepted instances', () => {
  test('1000 endpoints x 254 chars, huge properties, pull check with port 65535 and interval/times MaxInt32', () => {
    const instance: MicroServiceInstance = {
      ...base,
      endpoints: Array.from({ length: 1000 }, (_, i) => `rest://${i}:`.padEnd(254, '9')),
      properties: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, chars(254)])),
      healthCheck: { mode: 'pull', port: 65535, interval: INT32_MAX, times: INT32_MAX, url: '/health' },
    };
    expect(instance.endpoints?.every((e) => e.length === 254)).toBe(true);
    expect(validate(instance)).toEqual(E.right(undefined));
  });

  test.each<[string, Partial<MicroServiceInstance>]>([
    ['no instanceId (server generates one)', {}],
    ['custom instanceId', { instanceId: 'customId' }],
    ['instanceId of 64 chars with _ . -', { instanceId: `a_b.c-${chars(58)}` }],
    ['no endpoints', { endpoints: undefined }],
    ['empty endpoint list', { endpoints: [] }],
    ['endpoint with inner spaces (unanchored \\S+)', { endpoints: [' a b '] }],
    ['hostName of 64 chars', { hostName: chars(64) }],
    ['hostName with spaces around a word (unanchored)', { hostName: ' h ' }],
    ['status UP', { status: 'UP' }],
    ['status DOWN', { status: 'DOWN' }],
    ['status STARTING', { status: 'STARTING' }],
    ['status TESTING', { status: 'TESTING' }],
    ['status OUTOFSERVICE', { status: 'OUTOFSERVICE' }],
    ['status empty', { status: '' }],
    ['push times 0', { healthCheck: { mode: 'push', interval: 30, times: 0 } }],
    ['push times 1', { healthCheck: { mode: 'push', interval: 30, times: 1 } }],
    ['pull with url', { healthCheck: { mode: 'pull', interval: 30, times: 3, url: '/health' } }],
    ['port 0', { healthCheck: { mode: 'pull', port: 0, interval: 1 } }],
    ['full data center info', { dataCenterInfo: { name: 'dc-1', region: 'r_1', availableZone: 'az.1' } }],
    ['data center strings of 128 chars', { dataCenterInfo: { name: chars(128), region: chars(128), availableZone: chars(128) } }],
    ['null healthCheck (absent)', { healthCheck: null as unknown as undefined }],
  ])('%s', (_label, patch) => {
    expect(validate({ ...base, ...patch })).toEqual(E.right(undefined));
  });
});

describe('RegisterInstanceRules: rejected instances name the field in SC format', () => {
  const R = SC_RE;
  test.each<[string, Partial<MicroServiceInstance>, string]>([
    ['instanceId with a slash', { instanceId: 'a/b' }, detailOf('MicroServiceInstance', 'InstanceId', 'a/b', `{Max: 64, Regexp: ${R.instanceId}}`)],
    ['instanceId 65 chars', { instanceId: chars(65) }, detailOf('MicroServiceInstance', 'InstanceId', chars(65), `{Max: 64, Regexp: ${R.instanceId}}`)],
    ['missing serviceId', { serviceId: undefined }, detailOf('MicroServiceInstance', 'ServiceId', '', `{Min: 1, Max: 64, Regexp: ${R.serviceId}}`)],
    ['serviceId " "', { serviceId: ' ' }, detailOf('MicroServiceInstance', 'ServiceId', ' ', `{Min: 1, Max: 64, Regexp: ${R.serviceId}}`)],
    ['endpoints [""]', { endpoints: [''] }, detailOf('MicroServiceInstance', 'Endpoints', '', `{Regexp: ${R.nonSpace}}`)],
    ['an all-space endpoint after a good one', { endpoints: ['rest://a:1', '   '] }, detailOf('MicroServiceInstance', 'Endpoints', '   ', `{Regexp: ${R.nonSpace}}`)],
    ['missing hostName', { hostName: undefined }, detailOf('MicroServiceInstance', 'HostName', '', `{Min: 1, Max: 64, Regexp: ${R.nonSpace}}`)],
    ['hostName " "', { hostName: ' ' }, detailOf('MicroServiceInstance', 'HostName', ' ', `{Min: 1, Max: 64, Regexp: ${R.nonSpace}}`)],
    ['hostName 65 chars', { hostName: chars(65) }, detailOf('MicroServiceInstance', 'HostName', chars(65), `{Min: 1, Max: 64, Regexp: ${R.nonSpace}}`)],
    ['status Invalid', { status: 'Invalid' }, detailOf('MicroServiceInstance', 'Status', 'Invalid', `{Regexp: ${R.instanceStatus}}`)],
    ['push times -1', { healthCheck: { mode: 'push', interval: 30, times: -1 } }, detailOf('HealthCheck', 'Times', '-1', `{Max: ${INT32_MAX}}`)],
    ['pull url " "', { healthCheck: { mode: 'pull', interval: 30, times: 3, url: ' ' } }, detailOf('HealthCheck', 'Url', ' ', `{Regexp: ${R.serviceId}}`)],
    ['pull interval 0', { healthCheck: { mode: 'pull', interval: 0, times: 3 } }, detailOf('HealthCheck', 'Interval', '0', `{Min: 1, Max: ${INT32_MAX}}`)],
    ['absent interval (Go zero value)', { healthCheck: { mode: 'push', times: 3 } }, detailOf('HealthCheck', 'Interval', '0', `{Min: 1, Max: ${INT32_MAX}}`)],
    ['port 65536', { healthCheck: { mode: 'pull', port: 65536, interval: 30, times: 3 } }, detailOf('HealthCheck', 'Port', '65536', '{Max: 65535}')],
    ['negative port', { healthCheck: { mode: 'pull', port: -1, interval: 30, times: 3 } }, detailOf('HealthCheck', 'Port', '-1', '{Max: 65535}')],
    ['healthCheck without mode', { healthCheck: { interval: 30, times: 3 } }, detailOf('HealthCheck', 'Mode', '', `{Regexp: ${R.healthCheckMode}}`)],
    ['healthCheck mode "PUSH"', { healthCheck: { mode: 'PUSH', interval: 30, times: 3 } }, detailOf('HealthCheck', 'Mode', 'PUSH', `{Regexp: ${R.healthCheckMode}}`)],
    ['data center without name', { dataCenterInfo: { region: 'r', availableZone: 'z' } }, detailOf('DataCenterInfo', 'Name', '', `{Min: 1, Max: 128, Regexp: ${R.dataCenter}}`)],
    ['data center region with a space', { dataCenterInfo: { name: 'n', region: 'r 1', availableZone: 'z' } }, detailOf('DataCenterInfo', 'Region', 'r 1', `{Min: 1, Max: 128, Regexp: ${R.dataCenter}}`)],
    ['data center zone 129 chars', { dataCenterInfo: { name: 'n', region: 'r', availableZone: chars(129) } }, detailOf('DataCenterInfo', 'AvailableZone', chars(129), `{Min: 1, Max: 128, Regexp: ${R.dataCenter}}`)],
  ])('%s -> 400001', (_label, patch, detail) => {
    expect(leftOf(validate({ ...base, ...patch }))).toEqual({ kind: 'sc-error', code: 400001, message: 'Invalid parameter(s)', detail });
  });

  test('nested rule sets use SC Go type names', () => {
    expect(HealthCheckRules.goType).toBe('HealthCheck');
    expect(DataCenterInfoRules.goType).toBe('DataCenterInfo');
    expect(RegisterInstanceRules.goType).toBe('MicroServiceInstance');
  });
});

describe('normalizeHealthCheck (SC v2.1+ clamp, server/service/disco/instance.go)', () => {
  test.each<[string, Parameters<typeof normalizeHealthCheck>[0], ReturnType<typeof normalizeHealthCheck>]>([
    ['absent -> push/30/3', undefined, { mode: 'push', interval: 30, times: 3 }],
    ['push times 0 -> 3', { mode: 'push', interval: 30, times: 0 }, { mode: 'push', interval: 30, times: 3 }],
    ['push times 1 -> 3', { mode: 'push', interval: 30, times: 1 }, { mode: 'push', interval: 30, times: 3 }],
    ['push interval 1 -> 5', { mode: 'push', interval: 1, times: 5 }, { mode: 'push', interval: 5, times: 5 }],
    ['push values above the minimums are kept', { mode: 'push', interval: 60, times: 4 }, { mode: 'push', interval: 60, times: 4 }],
    ['push without interval/times -> minimums', { mode: 'push' }, { mode: 'push', interval: 5, times: 3 }],
    ['pull -> forced 30/3, port and url kept', { mode: 'pull', port: 8080, url: '/h', interval: 1, times: 9 }, { mode: 'pull', port: 8080, url: '/h', interval: 30, times: 3 }],
  ])('%s', (_label, input, expected) => {
    expect(normalizeHealthCheck(input)).toEqual(expected);
  });

  test('a pushed times 0 is valid, then clamped to 3', () => {
    const hc = { mode: 'push', interval: 30, times: 0 };
    expect(validate({ ...base, healthCheck: hc })).toEqual(E.right(undefined));
    expect(normalizeHealthCheck(hc).times).toBe(3);
  });

  test('does not mutate its input', () => {
    const hc = { mode: 'push', interval: 1, times: 0 };
    normalizeHealthCheck(hc);
    expect(hc).toEqual({ mode: 'push', interval: 1, times: 0 });
  });
});
