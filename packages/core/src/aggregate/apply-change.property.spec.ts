import fc from 'fast-check';
import { merge } from './merge';
import { SourceChange, applyChange, applyChanges, editSource } from './apply-change';
import { sourceKeyOf } from './snapshot';
import { SourceState, stateOf } from './source-state';
import { diff } from './diff';
import { POLICY, T0, fullForm } from '../__tests__/aggregate-fixtures';
import { changeArb, statesArb } from '../__tests__/aggregate-arbitraries';

/** The inputs a change describes: what a full merge would be given after it. */
type Inputs = { states: Map<string, SourceState>; now: number };

function applyToInputs(inputs: Inputs, c: SourceChange): Inputs {
  const states = new Map(inputs.states);
  switch (c.kind) {
    case 'tick':
      return { states, now: c.now };
    case 'replace': {
      const s = stateOf(c.state);
      states.set(sourceKeyOf(s.source), s);
      return { states, now: inputs.now };
    }
    case 'remove':
      states.delete(sourceKeyOf(c.source));
      return { states, now: inputs.now };
    default: {
      const key = sourceKeyOf(c.source);
      const s = states.get(key);
      if (s) states.set(key, editSource(s, c));
      return { states, now: inputs.now };
    }
  }
}

describe('applyChange properties', () => {
  it('equals a full merge of the changed inputs, for random change sequences', () => {
    fc.assert(
      fc.property(statesArb(), fc.array(changeArb, { minLength: 1, maxLength: 12 }), (initial, changes) => {
        let view = merge(initial, POLICY, T0).view;
        let inputs: Inputs = { states: new Map(view.sources), now: T0 };
        for (const c of changes) {
          view = applyChange(view, c);
          inputs = applyToInputs(inputs, c);
          expect(fullForm(view)).toEqual(fullForm(merge([...inputs.states.values()], POLICY, inputs.now).view));
        }
      }),
      { numRuns: 120 },
    );
  });

  it('applies a burst like the same changes one by one', () => {
    fc.assert(
      fc.property(statesArb(), fc.array(changeArb, { maxLength: 10 }), (initial, changes) => {
        const start = merge(initial, POLICY, T0).view;
        const oneByOne = changes.reduce(applyChange, start);
        expect(fullForm(applyChanges(start, changes))).toEqual(fullForm(oneByOne));
      }),
      { numRuns: 120 },
    );
  });

  it('diffs an incremental update like the full views', () => {
    fc.assert(
      fc.property(statesArb(), changeArb, (initial, change) => {
        const before = merge(initial, POLICY, T0).view;
        const after = applyChange(before, change);
        const inputs = applyToInputs({ states: new Map(before.sources), now: T0 }, change);
        const full = merge([...inputs.states.values()], POLICY, inputs.now).view;
        const strip = (es: ReturnType<typeof diff>) => es.map((e) => ({ ...e, service: undefined, instance: undefined }));
        expect(strip(diff(before, after))).toEqual(strip(diff(before, full)));
      }),
      { numRuns: 150 },
    );
  });
});
