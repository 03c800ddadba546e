import fc from 'fast-check';
import { RecordMap } from './record-map';

describe('RecordMap', () => {
  test('with and without leave the map they start from as it was', () => {
    const a = RecordMap.of([['x', 1]]);
    const b = a.with('y', 2);
    const c = b.without('x');
    expect([...a]).toEqual([['x', 1]]);
    expect(b.size).toBe(2);
    expect(b.get('y')).toBe(2);
    expect(c.has('x')).toBe(false);
    expect(c.size).toBe(1);
    expect(c.without('absent')).toBe(c);
  });

  test('from converts a plain map once and keeps a RecordMap as it is', () => {
    const plain = new Map([['k', 'v']]);
    const r = RecordMap.from(plain);
    expect(r.get('k')).toBe('v');
    expect(RecordMap.from(r)).toBe(r);
  });

  test('reads like a Map after any sequence of edits', () => {
    const op = fc.record({ key: fc.constantFrom(...'abcdefghij'.split('')), value: fc.integer(), remove: fc.boolean() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const m = new Map<string, number>();
        let r = RecordMap.of<number>([]);
        for (const o of ops) {
          if (o.remove) {
            m.delete(o.key);
            r = r.without(o.key);
          } else {
            m.set(o.key, o.value);
            r = r.with(o.key, o.value);
          }
        }
        const sorted = <T>(xs: Iterable<[string, T]>) => [...xs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        expect(r.size).toBe(m.size);
        expect(sorted(r.entries())).toEqual(sorted(m.entries()));
        expect([...r.keys()].sort()).toEqual([...m.keys()].sort());
        expect([...r.values()].length).toBe(m.size);
        const seen: string[] = [];
        r.forEach((_v, k) => seen.push(k));
        expect(seen.sort()).toEqual([...m.keys()].sort());
      }),
      { numRuns: 100 },
    );
  });
});
