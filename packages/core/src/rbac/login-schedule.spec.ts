import fc from 'fast-check';
import { FIRST_REFUSAL_HOLD_MS, REFUSAL_HOLD_MS, loginRetryAt, tokenTimes } from './login-schedule';

const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: object) => `${part({ alg: 'RS512' })}.${part(claims)}.sig`;

describe('tokenTimes', () => {
  test('refresh at 80 % of the life left when it was received', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }), fc.integer({ min: 1, max: 86_400 }), (issuedS, lifeS) => {
        const issuedAt = issuedS * 1000;
        const t = tokenTimes(jwt({ exp: issuedS + lifeS }), issuedAt);
        expect(t.expiresAt).toBe((issuedS + lifeS) * 1000);
        expect(t.refreshAt).toBe(issuedAt + Math.floor(0.8 * lifeS * 1000));
        expect(t.refreshAt).toBeGreaterThan(issuedAt);
        expect(t.refreshAt).toBeLessThan(t.expiresAt);
      }),
    );
  });

  test('no exp, not a JWT, or already expired by our clock: kept until the server answers 401', () => {
    expect(tokenTimes(jwt({ account: 'a' }), 1000).refreshAt).toBe(Number.POSITIVE_INFINITY);
    expect(tokenTimes('opaque-token', 1000).refreshAt).toBe(Number.POSITIVE_INFINITY);
    expect(tokenTimes(jwt({ exp: 1 }), 5000)).toEqual({ expiresAt: 1000, refreshAt: Number.POSITIVE_INFINITY });
  });
});

describe('loginRetryAt', () => {
  /** Service-Center's limiter: a bucket of two failed logins, refilled one per 15 minutes. */
  function blocked(failuresAt: readonly number[]): boolean {
    let tokens = 2;
    let last = failuresAt[0] ?? 0;
    for (const at of failuresAt) {
      tokens = Math.min(2, tokens + (at - last) / (15 * 60_000));
      last = at;
      if (tokens < 1) return true;
      tokens -= 1;
    }
    return false;
  }

  test('retrying a refused login on this schedule never exhausts the allowance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 1, max: 50 }), (start, n) => {
        const at = [start];
        for (let i = 1; i < n; i++) at.push(loginRetryAt(at[i - 1], i));
        expect(blocked(at)).toBe(false);
      }),
    );
  });

  test('a third try less than 15 minutes after the first would be blocked: the holds are needed', () => {
    expect(blocked([0, FIRST_REFUSAL_HOLD_MS, 14 * 60_000])).toBe(true);
    expect(loginRetryAt(0, 1)).toBe(FIRST_REFUSAL_HOLD_MS);
    expect(loginRetryAt(0, 2)).toBe(REFUSAL_HOLD_MS);
  });
});
