import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { merge } from '../aggregate/merge';
import { applyChange } from '../aggregate/apply-change';
import type { View } from '../aggregate/view';
import { stableStringify } from '../aggregate/internal/compare';
import { FindPolicy, FindRequest, findInstances } from './discovery';
import { viewReads } from './view-reads';
import { POLICY, T, T0 } from '../__tests__/aggregate-fixtures';
import { changeArb, statesArb } from '../__tests__/aggregate-arbitraries';

const queryArb: fc.Arbitrary<[FindRequest, FindPolicy]> = fc.tuple(
  fc.record({
    tenant: fc.constant(T),
    consumerId: fc.constant(''),
    environment: fc.constant(''),
    appId: fc.constant('app'),
    serviceName: fc.constantFrom('a', 'b', 'c', 'al', 'bl'),
    version: fc.constantFrom('', 'latest', '1.0.0', '2.0.0+', '0%2B'),
    tags: fc.constant([]),
  }),
  fc.record({ versionRules: fc.boolean() }),
);

/** What a client receives, as text (instances in answer order); undefined for an error. */
function answer(view: View, [q, policy]: [FindRequest, FindPolicy]): { body: string; rev: string } | undefined {
  const r = findInstances(viewReads(view), q, policy);
  if (E.isLeft(r)) return undefined;
  const body = stableStringify(r.right.instances.map((i) => i.instance).sort((a, b) => (a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0)));
  return { body, rev: r.right.revision };
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

  it('answers every version\'s instances when version rules are off, whatever the version text', () => {
    fc.assert(
      fc.property(statesArb(), queryArb, fc.string(), (states, [q], version) => {
        const view = merge(states, POLICY, T0).view;
        expect(answer(view, [{ ...q, version }, { versionRules: false }])).toEqual(answer(view, [{ ...q, version: '' }, { versionRules: false }]));
      }),
      { numRuns: 150 },
    );
  });
});
