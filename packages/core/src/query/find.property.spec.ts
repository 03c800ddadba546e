import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { merge } from '../aggregate/merge';
import { applyChange } from '../aggregate/apply-change';
import type { View } from '../aggregate/view';
import { stableStringify } from '../aggregate/internal/compare';
import { FindQuery, findInstances } from './find';
import { POLICY, T, T0 } from '../__tests__/aggregate-fixtures';
import { changeArb, statesArb } from '../__tests__/aggregate-arbitraries';

const queryArb: fc.Arbitrary<FindQuery> = fc.record({
  tenant: fc.constant(T),
  appId: fc.constant('app'),
  serviceName: fc.constantFrom('a', 'b', 'c', 'al', 'bl'),
  version: fc.constantFrom(undefined, 'latest', '1.0.0', '2.0.0+'),
  global: fc.boolean(),
});

/** What a client receives, as text; undefined for an error. */
function answer(view: View, q: FindQuery): { body: string; rev: string } | undefined {
  const r = findInstances(view, q);
  if (E.isLeft(r)) return undefined;
  const body = stableStringify(
    r.right.instances.map((i) => ({ ...i.instance, origin: i.origin, rev: i.rev, stale: i.stale, demoted: i.demoted, lastConfirmed: i.lastConfirmed })),
  );
  return { body, rev: r.right.rev };
}

describe('find properties', () => {
  it('answers identically on replicas that merged the same sources in another order', () => {
    fc.assert(
      fc.property(
        statesArb().chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s, { minLength: s.length }))),
        queryArb,
        ([states, shuffled], q) => {
          expect(answer(merge(shuffled, POLICY, T0).view, q)).toEqual(answer(merge(states, POLICY, T0).view, q));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('moves the rev exactly when the answer changes', () => {
    fc.assert(
      fc.property(statesArb(), changeArb, queryArb, (states, change, q) => {
        const before = merge(states, POLICY, T0).view;
        const a = answer(before, q);
        const b = answer(applyChange(before, change), q);
        fc.pre(a !== undefined && b !== undefined);
        expect(a!.rev === b!.rev).toBe(a!.body === b!.body);
      }),
      { numRuns: 200 },
    );
  });
});
