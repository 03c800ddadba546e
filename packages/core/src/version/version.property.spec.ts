// Properties: compareVersions is a total order on strings and agrees with numeric order.
import fc from 'fast-check';
import { compareVersions, parseVersion } from './version';
import { validVersion, versionLike } from '../__tests__/wire-arbitraries';

const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), validVersion, versionLike);

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

describe.each<[string, fc.Arbitrary<string>]>([
  ['arbitrary strings', anyText],
  ['valid versions', validVersion],
])('compareVersions is a total order over %s', (_label, text) => {
  test('returns -1, 0 or 1; 0 only for equal strings (reflexive)', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect([-1, 0, 1]).toContain(compareVersions(a, b));
        expect(compareVersions(a, a)).toBe(0);
        expect(compareVersions(a, b) === 0).toBe(a === b);
      }),
    );
  });

  test('antisymmetric', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(sign(compareVersions(a, b)) + sign(compareVersions(b, a))).toBe(0);
      }),
    );
  });

  test('transitive', () => {
    fc.assert(
      fc.property(text, text, text, (a, b, c) => {
        if (compareVersions(a, b) <= 0 && compareVersions(b, c) <= 0) expect(compareVersions(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });

  test('total: any list sorts to one order whatever the input order', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 8 }), (list) => {
        const once = [...list].sort(compareVersions);
        const again = [...list].reverse().sort(compareVersions);
        expect(again).toEqual(once);
        for (let i = 1; i < once.length; i++) expect(compareVersions(once[i - 1], once[i])).toBeLessThanOrEqual(0);
      }),
    );
  });
});

describe('compareVersions agrees with numeric segment order', () => {
  test('for valid versions, a numeric difference decides the order', () => {
    const numeric = (s: string) => {
      const segs = s.split('.').map(Number);
      while (segs.length < 4) segs.push(0);
      return segs;
    };
    fc.assert(
      fc.property(validVersion, validVersion, (a, b) => {
        const [na, nb] = [numeric(a), numeric(b)];
        const i = na.findIndex((n, k) => n !== nb[k]);
        if (i >= 0) expect(compareVersions(a, b)).toBe(na[i] < nb[i] ? -1 : 1);
        expect(parseVersion(a)).toEqual(na);
      }),
    );
  });

  test('every valid version ranks above every unparsable text', () => {
    fc.assert(
      fc.property(validVersion, anyText, (v, s) => {
        if (parseVersion(s) === undefined) expect(compareVersions(v, s)).toBe(1);
      }),
    );
  });
});
