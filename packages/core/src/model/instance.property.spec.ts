// Property: MicroServiceInstance survives encode -> JSON -> decode unchanged; health-check clamps.
import fc from 'fast-check';
import { decodeJson, decodeWith } from '../codec/decode';
import { HEARTBEAT_DEFAULTS, MicroServiceInstance, leaseTtlSeconds, normalizeHealthCheck } from './instance';
import { healthCheck, microServiceInstance } from '../__tests__/wire-arbitraries';
import { rightOf } from '../__tests__/wire-helpers';

describe('MicroServiceInstance round-trip', () => {
  test('decode(encode(x)) equals x', () => {
    fc.assert(
      fc.property(microServiceInstance, (i) => {
        expect(rightOf(decodeWith(MicroServiceInstance, MicroServiceInstance.encode(i)))).toStrictEqual(i);
      }),
    );
  });

  test('decodeJson(JSON.stringify(encode(x))) equals x', () => {
    fc.assert(
      fc.property(microServiceInstance, (i) => {
        expect(rightOf(decodeJson(MicroServiceInstance, JSON.stringify(MicroServiceInstance.encode(i))))).toStrictEqual(i);
      }),
    );
  });
});

describe('normalizeHealthCheck', () => {
  test('push checks end at or above the minimums, pull checks at 30/3, and the result is a fixpoint', () => {
    fc.assert(
      fc.property(fc.option(healthCheck, { nil: undefined }), (hc) => {
        const n = normalizeHealthCheck(hc);
        if (n.mode === 'pull') expect([n.interval, n.times]).toEqual([30, 3]);
        else {
          expect(n.interval).toBeGreaterThanOrEqual(HEARTBEAT_DEFAULTS.minInterval);
          expect(n.times).toBeGreaterThanOrEqual(HEARTBEAT_DEFAULTS.minTimes);
        }
        expect(normalizeHealthCheck(n)).toStrictEqual(n);
        expect(leaseTtlSeconds(n)).toBe((n.interval ?? 0) * ((n.times ?? 0) + 1));
      }),
    );
  });
});
