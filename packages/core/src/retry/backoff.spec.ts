import fc from 'fast-check';
import { Backoff, backoffDelay } from './backoff';

describe('backoff', () => {
  it('grows by the factor from the base, within ±jitter, never past the maximum', () => {
    expect(backoffDelay(1, { baseMs: 100, maxMs: 10_000, jitter: 0.2 }, () => 0)).toBe(80);
    expect(backoffDelay(1, { baseMs: 100, maxMs: 10_000, jitter: 0.2 }, () => 1)).toBe(120);
    expect(backoffDelay(4, { baseMs: 100, maxMs: 10_000, jitter: 0 })).toBe(800);
    expect(backoffDelay(1000, { baseMs: 100, maxMs: 10_000, jitter: 0.5 }, () => 1)).toBe(10_000);
  });

  it('stays within [raw·(1-jitter), min(max, raw·(1+jitter))] for any failure count and random', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r, jitter) => {
        const o = { baseMs: 50, maxMs: 30_000, jitter };
        const raw = Math.min(o.maxMs, o.baseMs * 2 ** Math.min(n - 1, 60));
        const d = backoffDelay(n, o, () => r);
        expect(d).toBeGreaterThanOrEqual(Math.floor(raw * (1 - jitter)));
        expect(d).toBeLessThanOrEqual(o.maxMs);
      }),
    );
  });

  it('remembers failures until reset', () => {
    const b = new Backoff({ baseMs: 10, maxMs: 1000, jitter: 0 });
    expect([b.next(), b.next(), b.next()]).toEqual([10, 20, 40]);
    expect(b.attempts).toBe(3);
    b.reset();
    expect(b.next()).toBe(10);
  });
});
