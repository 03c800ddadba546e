// tokenExpirationTime: a Go duration within 15m..24h, 12h by default (SC TokenExpirationTimeChecker).
import fc from 'fast-check';
import { MAX_TOKEN_MS, MIN_TOKEN_MS, parseGoDuration, tokenLifetimeMs } from './token-expiry';

describe('parseGoDuration', () => {
  test.each([
    ['12h', 12 * 3_600_000],
    ['30m', 1_800_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['90s', 90_000],
    ['250ms', 250],
    ['0', 0],
    ['-1h', -3_600_000],
  ])('%s = %d ms', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });

  test.each(['', '12', 'h', '1d', '1 h', 'abc', '1h-30m'])('%j is not a duration', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });

  test('property: minutes written as Nm parse to N minutes', () => {
    fc.assert(fc.property(fc.nat(100_000), (n) => parseGoDuration(`${n}m`) === n * 60_000));
  });
});

describe('tokenLifetimeMs', () => {
  test('absent or empty means 12h', () => {
    expect(tokenLifetimeMs(undefined)).toEqual({ ms: 12 * 3_600_000 });
    expect(tokenLifetimeMs('')).toEqual({ ms: 12 * 3_600_000 });
  });

  test('15m and 24h are the bounds, both included', () => {
    expect(tokenLifetimeMs('15m')).toEqual({ ms: MIN_TOKEN_MS });
    expect(tokenLifetimeMs('24h')).toEqual({ ms: MAX_TOKEN_MS });
    expect(tokenLifetimeMs('14m59s')).toEqual({ problem: "tokenExpirationTime '14m59s' must be between 15m and 24h" });
    expect(tokenLifetimeMs('24h1s')).toEqual({ problem: "tokenExpirationTime '24h1s' must be between 15m and 24h" });
  });

  test('a text that is no duration says how to write one', () => {
    expect(tokenLifetimeMs('1d')).toEqual({ problem: "tokenExpirationTime '1d' is not a duration: write it like 30m, 2h or 1h30m" });
  });

  test('property: any minute count within 15..1440 is accepted as itself', () => {
    fc.assert(fc.property(fc.integer({ min: 15, max: 1440 }), (n) => {
      const r = tokenLifetimeMs(`${n}m`);
      return 'ms' in r && r.ms === n * 60_000;
    }));
  });
});
