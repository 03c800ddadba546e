import fc from 'fast-check';
import { KeyTree } from './key-tree';

const segment = fc.constantFrom('a', 'b', 'ab', 'c');
const key = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join('/')}`);
const op = fc.record({ add: fc.boolean(), key });

describe('KeyTree', () => {
  test('keysUnder and count agree with a plain set for any sequence of adds and removes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.array(segment, { maxLength: 3 }), fc.boolean(), (ops, prefixParts, asDir) => {
        const tree = new KeyTree();
        const model = new Set<string>();
        for (const o of ops) {
          if (o.add) {
            tree.add(o.key);
            model.add(o.key);
          } else {
            tree.remove(o.key);
            model.delete(o.key);
          }
        }
        const prefix = `/${prefixParts.join('/')}${asDir && prefixParts.length > 0 ? '/' : ''}`;
        const expected = [...model].filter((k) => k.startsWith(prefix)).sort();
        expect([...tree.keysUnder(prefix)].sort()).toEqual(expected);
        expect(tree.count(prefix)).toBe(expected.length);
      }),
      { numRuns: 300 },
    );
  });
});
