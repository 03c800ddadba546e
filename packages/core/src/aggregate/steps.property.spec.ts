import fc from 'fast-check';
import { merge } from './merge';
import { applyChanges, applyChangesSteps } from './apply-change';
import { sourceOf, sourceRecords, sourceSteps } from './snapshot';
import { changeEventSlices, changeEventsOf } from './change-events';
import { runSteps } from './internal/steps';
import { POLICY, T0, fullForm } from '../__tests__/aggregate-fixtures';
import { changeArb, statesArb } from '../__tests__/aggregate-arbitraries';

/** Steps run to the end, counting the pauses. */
function stepped<T>(steps: Generator<void, T>): { value: T; pauses: number } {
  let pauses = 0;
  for (;;) {
    const r = steps.next();
    if (r.done) return { value: r.value, pauses };
    pauses++;
  }
}

describe('step-wise builders', () => {
  it('sourceSteps builds what sourceOf builds, whatever the slice', () => {
    fc.assert(
      fc.property(statesArb(), fc.integer({ min: 1, max: 5 }), (states, slice) => {
        for (const s of states) {
          const input = { cluster: s.source.cluster, kind: s.source.kind, health: s.source.health, revision: s.source.revision, ...sourceRecords(s.source) };
          const { value, pauses } = stepped(sourceSteps(input, slice));
          expect(value).toEqual(sourceOf(input));
          const records = input.services.length + input.instances.length + input.tags.length + input.summaries.length;
          expect(pauses).toBe(Math.floor(records / slice));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('applyChangesSteps ends at the view applyChanges gives, and leaves its base untouched', () => {
    fc.assert(
      fc.property(statesArb(), fc.array(changeArb, { maxLength: 8 }), fc.integer({ min: 1, max: 3 }), (initial, changes, slice) => {
        const start = merge(initial, POLICY, T0).view;
        const before = fullForm(start);
        const next = runSteps(applyChangesSteps(start, changes, slice));
        expect(fullForm(start)).toEqual(before);
        expect(fullForm(next)).toEqual(fullForm(applyChanges(start, changes)));
      }),
      { numRuns: 120 },
    );
  });

  it('changeEventSlices, joined, are changeEventsOf in the same order', () => {
    fc.assert(
      fc.property(statesArb(), fc.array(changeArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 4 }), (initial, changes, slice) => {
        const before = merge(initial, POLICY, T0).view;
        const after = applyChanges(before, changes);
        const slices = [...changeEventSlices(before, after, undefined, slice)];
        expect(slices.every((s) => s.length > 0)).toBe(true);
        expect(slices.flat()).toEqual(changeEventsOf(before, after));
      }),
      { numRuns: 120 },
    );
  });
});
