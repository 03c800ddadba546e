import fc from 'fast-check';
import { pchangedKeys, pedit, pentries, pget, pmapEmpty, pmapOf } from './pmap';

describe('pmap', () => {
  it('behaves like a Map under any sequence of sets and deletes, and never changes old versions', () => {
    const op = fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 2000 }), fc.integer());
    fc.assert(
      fc.property(fc.array(fc.array(op, { maxLength: 300 }), { maxLength: 8 }), (batches) => {
        let m = pmapEmpty<number>();
        const model = new Map<string, number>();
        const history: [typeof m, Map<string, number>][] = [];
        for (const batch of batches) {
          const e = pedit(m);
          for (const [del, k, v] of batch) {
            if (del) {
              e.delete(String(k));
              model.delete(String(k));
            } else {
              e.set(String(k), v);
              model.set(String(k), v);
            }
          }
          m = e.finish();
          history.push([m, new Map(model)]);
        }
        for (const [version, expected] of history) {
          expect(version.size).toBe(expected.size);
          expect(new Map(pentries(version))).toEqual(expected);
          for (const [k, v] of expected) expect(pget(version, k)).toBe(v);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('lists exactly the changed keys between two versions', () => {
    const a = pmapOf(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i] as const));
    const e = pedit(a);
    e.set('k1', -1);
    e.delete('k2');
    e.set('new', 5);
    const b = e.finish();
    expect([...pchangedKeys(a, b)].sort()).toEqual(['k1', 'k2', 'new']);
    expect([...pchangedKeys(a, a)]).toEqual([]);
  });

  it('returns the same version when a batch changes nothing', () => {
    const a = pmapOf([['x', 1] as const]);
    const e = pedit(a);
    e.delete('missing');
    expect(e.finish()).toBe(a);
  });
});
