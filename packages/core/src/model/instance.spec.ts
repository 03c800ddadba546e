// MicroServiceInstance, HealthCheck, DataCenterInfo (cari: discovery/instance.go, types.go) and heartbeat limits.
import { decodeJson, decodeWith } from '../codec/decode';
import {
  DataCenterInfo,
  HEARTBEAT_DEFAULTS,
  HealthCheck,
  INSTANCE_STATUSES,
  MicroServiceInstance,
  leaseTtlSeconds,
} from './instance';
import { leftOf, rightOf } from '../__tests__/wire-helpers';

/** An instance as SC returns it in a find / watch frame. */
const SC_INSTANCE = {
  instanceId: '0123456789abcdef0123456789abcdef',
  serviceId: 'a'.repeat(40),
  endpoints: ['rest://127.0.0.1:8080', 'highway://127.0.0.1:7070'],
  hostName: 'cse',
  status: 'UP',
  properties: { _TAGS: 'A,B', attr1: 'a', nodeIP: 'one' },
  healthCheck: { mode: 'push', interval: 30, times: 3 },
  timestamp: '1700000000',
  dataCenterInfo: { name: 'dc', region: 'r1', availableZone: 'az1' },
  modTimestamp: '1700000001',
  version: '0.0.2',
};

describe('MicroServiceInstance codec', () => {
  test('decodes every SC field', () => {
    expect(rightOf(decodeWith(MicroServiceInstance, SC_INSTANCE))).toStrictEqual(SC_INSTANCE);
  });

  test('the ignored "environment" field of SC integration tests is stripped', () => {
    const i = rightOf(decodeWith(MicroServiceInstance, { hostName: 'cse', environment: 'production' }));
    expect(i).toStrictEqual({ hostName: 'cse' });
  });

  test('null endpoints / healthCheck decode as absent', () => {
    expect(rightOf(decodeJson(MicroServiceInstance, '{"hostName":"h","endpoints":null,"healthCheck":null}'))).toStrictEqual({
      hostName: 'h',
    });
  });

  test.each<[string, unknown, string]>([
    ['endpoints a string', { endpoints: 'rest://a' }, 'endpoints: expected StringArray, got "rest://a"'],
    ['an endpoint null', { endpoints: [null] }, 'endpoints.0: expected string, got null'],
    ['healthCheck.interval a string', { healthCheck: { interval: '30' } }, 'healthCheck.interval: expected Int32, got "30"'],
    ['healthCheck.port a float', { healthCheck: { port: 80.5 } }, 'healthCheck.port: expected Int32, got 80.5'],
    ['healthCheck.times beyond int32', { healthCheck: { times: 2147483648 } }, 'healthCheck.times: expected Int32, got 2147483648'],
    ['dataCenterInfo.region a number', { dataCenterInfo: { region: 1 } }, 'dataCenterInfo.region: expected string, got 1'],
    ['status a boolean', { status: true }, 'status: expected string, got true'],
  ])('%s -> 400001 naming the field', (_label, input, detail) => {
    const err = leftOf(decodeWith(MicroServiceInstance, input));
    expect(err.code).toBe(400001);
    expect(err.detail).toBe(detail);
  });
});

describe('HealthCheck / DataCenterInfo codecs', () => {
  test('pull check with every field at its int32 edge', () => {
    const hc = { mode: 'pull', port: 65535, interval: 2147483647, times: 2147483647, url: '/health' };
    expect(rightOf(decodeWith(HealthCheck, hc))).toStrictEqual(hc);
  });

  test('negative ints decode (validation rejects them later)', () => {
    expect(rightOf(decodeWith(HealthCheck, { mode: 'push', times: -1 }))).toStrictEqual({ mode: 'push', times: -1 });
  });

  test('DataCenterInfo', () => {
    const dc = { name: 'n', region: 'r', availableZone: 'z' };
    expect(rightOf(decodeWith(DataCenterInfo, { ...dc, zone: 'x' }))).toStrictEqual(dc);
    expect(leftOf(decodeWith(DataCenterInfo, { availableZone: {} })).detail).toBe('availableZone: expected string, got {}');
  });
});

describe('instance constants', () => {
  test('statuses', () => {
    expect(INSTANCE_STATUSES).toEqual(['UP', 'DOWN', 'STARTING', 'TESTING', 'OUTOFSERVICE']);
  });

  test('heartbeat defaults: push every 30 s, 3 misses; minimums 5 s / 3', () => {
    expect(HEARTBEAT_DEFAULTS).toEqual({ interval: 30, times: 3, minInterval: 5, minTimes: 3 });
  });

  test.each<[HealthCheck, number]>([
    [{ mode: 'push', interval: 30, times: 3 }, 120],
    [{ mode: 'push', interval: 60, times: 3 }, 240],
    [{ mode: 'push', interval: 5, times: 0 }, 5],
    [{ mode: 'push' }, 120],
  ])('leaseTtlSeconds(%p) = %d (interval x (times + 1))', (hc, ttl) => {
    expect(leaseTtlSeconds(hc)).toBe(ttl);
  });
});
