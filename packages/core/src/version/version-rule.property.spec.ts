// Properties: parseVersionRule never throws; selections match an independent model.
import fc from 'fast-check';
import { matchesVersion, parseVersionRule, selectVersions } from './version-rule';
import { compareVersions, parseVersion } from './version';
import { validVersion, versionLike } from '../__tests__/wire-arbitraries';

const num = (s: string) => {
  const p = parseVersion(s);
  if (!p) throw new Error(`not a version: ${s}`);
  // BigInt: four 15-bit segments need 60 bits, beyond a double's exact integers.
  return (BigInt(p[0]) << 45n) + (BigInt(p[1]) << 30n) + (BigInt(p[2]) << 15n) + BigInt(p[3]);
};
const min = (a: bigint, b: bigint) => (a < b ? a : b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);

describe('parseVersionRule never throws', () => {
  test.each<[string, fc.Arbitrary<string>]>([
    ['fc.string()', fc.string()],
    ['full unicode (binary units)', fc.string({ unit: 'binary' })],
    ['graphemes', fc.string({ unit: 'grapheme' })],
    ['version-like texts', versionLike],
    ['valid versions with a suffix', fc.tuple(validVersion, fc.constantFrom('', '+', '-', ' ')).map(([v, s]) => v + s)],
  ])('%s', (_label, text) => {
    fc.assert(
      fc.property(text, (s) => {
        const r = parseVersionRule(s);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(typeof r.reason).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});

describe('parsed rules behave like the SC definitions', () => {
  const versions = fc.array(validVersion, { maxLength: 8 });

  test('every valid version parses as an exact rule matching itself', () => {
    fc.assert(
      fc.property(validVersion, (v) => {
        const r = parseVersionRule(v);
        expect(r.ok && r.rule.kind).toBe('exact');
        if (r.ok) expect(matchesVersion(r.rule, v)).toBe(true);
      }),
    );
  });

  test('X+ selects exactly the versions >= X, newest first', () => {
    fc.assert(
      fc.property(validVersion, versions, (x, vs) => {
        const r = parseVersionRule(`${x}+`);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const expected = Array.from(new Set(vs.filter((v) => num(v) >= num(x)))).sort((a, b) => compareVersions(b, a));
        expect(selectVersions(r.rule, vs)).toEqual(expected);
      }),
      // Once found by a run: big segments where a double-based model lost precision.
      { examples: [['32767', ['32766.32767.32767.32766']]] },
    );
  });

  test('A-B selects min <= v < max whichever way round A and B are given', () => {
    fc.assert(
      fc.property(validVersion, validVersion, versions, (a, b, vs) => {
        const lo = min(num(a), num(b));
        const hi = max(num(a), num(b));
        const expected = Array.from(new Set(vs.filter((v) => num(v) >= lo && num(v) < hi))).sort((x, y) => compareVersions(y, x));
        for (const text of [`${a}-${b}`, `${b}-${a}`]) {
          const r = parseVersionRule(text);
          expect(r.ok).toBe(true);
          if (r.ok) expect(selectVersions(r.rule, vs)).toEqual(expected);
        }
      }),
    );
  });

  test('latest selects the numerically highest versions only', () => {
    fc.assert(
      fc.property(versions, (vs) => {
        const r = parseVersionRule('latest');
        if (!r.ok) throw new Error('latest must parse');
        const got = selectVersions(r.rule, vs);
        if (vs.length === 0) expect(got).toEqual([]);
        else {
          const top = vs.map(num).reduce(max);
          expect(got.length).toBeGreaterThan(0);
          expect(got.every((v) => num(v) === top)).toBe(true);
          expect(new Set(got)).toEqual(new Set(vs.filter((v) => num(v) === top)));
        }
      }),
    );
  });

  test('any selection is a sorted, duplicate-free subset of its input', () => {
    fc.assert(
      fc.property(versionLike, fc.array(fc.oneof(validVersion, versionLike), { maxLength: 8 }), (text, vs) => {
        const r = parseVersionRule(text);
        if (!r.ok) return;
        const got = selectVersions(r.rule, vs);
        expect(new Set(got).size).toBe(got.length);
        for (const v of got) expect(vs).toContain(v);
        for (let i = 1; i < got.length; i++) expect(compareVersions(got[i - 1], got[i])).toBeGreaterThan(0);
      }),
    );
  });
});
