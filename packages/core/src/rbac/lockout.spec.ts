// Login lockout as SC's blocker.go (rate.Limiter of 2 per 15 min) and service/account (release after 15m).
import fc from 'fast-check';
import { DEFAULT_LOCKOUT, isBlocked, lockKeyOf, lockOfHistory, recordFailure } from './lockout';

const MIN = 60_000;
const t0 = 1_700_000_000_000;

describe('lockout', () => {
  test('the key is name::ip', () => {
    expect(lockKeyOf('alice', '10.0.0.1')).toBe('alice::10.0.0.1');
  });

  test('two failures are attempts, a third within 15 minutes bans', () => {
    const key = 'alice::ip';
    const first = recordFailure(key, undefined, t0);
    expect(first.lock).toEqual({ key, status: 'attempted', releaseAt: (t0 + 20 * MIN) / 1000 });
    const second = recordFailure(key, first.bucket, t0 + MIN);
    expect(second.lock.status).toBe('attempted');
    const third = recordFailure(key, second.bucket, t0 + 2 * MIN);
    expect(third.lock).toEqual({ key, status: 'banned', releaseAt: (t0 + 2 * MIN + 15 * MIN) / 1000 });
    expect(isBlocked(third.lock, t0 + 3 * MIN)).toBe(true);
  });

  test('the ban expires after releaseLockAfter', () => {
    const out = lockOfHistory('k', [t0, t0 + 1, t0 + 2]);
    expect(out?.lock.status).toBe('banned');
    expect(isBlocked(out?.lock, t0 + 2 + 15 * MIN)).toBe(true);
    expect(isBlocked(out?.lock, t0 + 2 + 15 * MIN + 1000)).toBe(false);
  });

  test('failures spread over time refill the bucket: one every 15 minutes never bans', () => {
    const spread = [0, 1, 2, 3, 4, 5].map((i) => t0 + i * 15 * MIN);
    expect(lockOfHistory('k', spread)?.lock.status).toBe('attempted');
  });

  test('attempted records never block', () => {
    expect(isBlocked({ key: 'k', status: 'attempted', releaseAt: (t0 + 20 * MIN) / 1000 }, t0)).toBe(false);
    expect(isBlocked(undefined, t0)).toBe(false);
  });

  test('property: within any 15 minutes, at most 2 failures pass without a ban', () => {
    const gaps = fc.array(fc.integer({ min: 0, max: 7 * MIN }), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(gaps, (g) => {
        const times = [t0, t0 + g[0], t0 + g[0] + g[1]];
        const span = times[2] - times[0];
        const out = lockOfHistory('k', times, DEFAULT_LOCKOUT);
        // three failures in less than 15 minutes: the bucket (2, +1 per 15 min) cannot take the third
        return span < 15 * MIN ? out?.lock.status === 'banned' : true;
      }),
    );
  });

  test('property: the bucket never holds more than maxAttempts', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 * MIN }), { maxLength: 20 }), (gaps) => {
        let at = t0;
        let bucket = recordFailure('k', undefined, at).bucket;
        for (const g of gaps) {
          at += g;
          bucket = recordFailure('k', bucket, at).bucket;
          if (bucket.tokens > DEFAULT_LOCKOUT.maxAttempts - 1 + 1e-9) return false;
        }
        return true;
      }),
    );
  });
});
