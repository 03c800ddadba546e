import fc from 'fast-check';
import { merge } from './merge';
import { SourceChange, applyChange, applyChanges, editSource } from './apply-change';
import { InstanceRecord, SourceId, sourceKeyOf, sourceOf } from './snapshot';
import type { SourceState } from './source-state';
import type { View } from './view';
import { ViewEvent, diff } from './diff';
import { FRESH, POLICY, T, T0, fullForm } from '../__tests__/aggregate-fixtures';
import { SERVICE_IDS, changeArb, serviceArb, statesArb } from '../__tests__/aggregate-arbitraries';

// Instance writes whose origin is the writing source's cluster: the usual registration, and
// the case applyChange updates by splicing the changed instances into the service's entry.
// The result must equal a full merge, as for any other change.

const SOURCES: readonly SourceId[] = [
  { cluster: 'sc1', kind: 'local' },
  { cluster: 'sc1', kind: 'k8s' },
  { cluster: 'sc2', kind: 'servicecenter' },
];
const IDS = Array.from({ length: 12 }, (_, i) => `i${i}`);

const ownInstanceChange: fc.Arbitrary<SourceChange> = fc
  .record({
    source: fc.constantFrom(...SOURCES),
    serviceId: fc.constantFrom(...SERVICE_IDS),
    instanceId: fc.constantFrom(...IDS),
    rev: fc.integer({ min: 1, max: 4 }),
    hostName: fc.constantFrom('h1', 'h2'),
    remove: fc.boolean(),
  })
  .map(({ source, serviceId, instanceId, rev, hostName, remove }): SourceChange => {
    if (remove) return { kind: 'delete-instance', source, tenant: T, serviceId, instanceId };
    const record: InstanceRecord = {
      tenant: T,
      origin: source.cluster,
      rev,
      instance: { serviceId, instanceId, hostName, timestamp: '100', status: 'UP' },
    };
    return { kind: 'put-instance', source, record };
  });

/** Each source holding services of its own origin; sometimes another source as well. */
const ownStatesArb: fc.Arbitrary<SourceState[]> = fc
  .tuple(
    fc.tuple(...SOURCES.map(() => fc.array(serviceArb, { maxLength: 4 }))),
    statesArb({ maxLength: 1 }),
  )
  .map(([services, others]) => [
    ...SOURCES.map((id, i) => ({
      source: sourceOf({ ...id, health: FRESH, services: services[i].map((r) => ({ ...r, origin: id.cluster })) }),
      quarantine: undefined,
    })),
    ...others.filter((o) => !SOURCES.some((id) => sourceKeyOf(id) === sourceKeyOf(o.source))),
  ]);

/** A few service definitions, each given the one serviceId the large-service test writes to. */
const serviceArbSamples = fc.sample(serviceArb, { numRuns: 5, seed: 7 });

/** Mostly instance writes, sometimes any other change in between. */
const changesArb = fc.array(fc.oneof({ weight: 6, arbitrary: ownInstanceChange }, { weight: 1, arbitrary: changeArb }), {
  minLength: 1,
  maxLength: 25,
});

function inputsAfter(states: Map<string, SourceState>, c: SourceChange): Map<string, SourceState> {
  if (c.kind === 'replace' || c.kind === 'remove' || c.kind === 'tick') return states;
  const next = new Map(states);
  const key = sourceKeyOf(c.source);
  const s = next.get(key);
  if (s) next.set(key, editSource(s, c));
  return next;
}

/** The events from `before` to the incremental view (which may use its edit) equal those to the full merge. */
function expectSameDiff(before: View, incremental: View, full: View): void {
  const strip = (es: ViewEvent[]) => es.map((e) => ({ ...e, service: undefined, instance: undefined }));
  for (const scope of ['global', 'local'] as const) expect(strip(diff(before, incremental, scope))).toEqual(strip(diff(before, full, scope)));
}

describe('applyChange of instance writes', () => {
  it('equals a full merge after each write', () => {
    fc.assert(
      fc.property(fc.oneof(ownStatesArb, statesArb()), changesArb, (initial, changes) => {
        let view = merge(initial, POLICY, T0).view;
        let states = new Map(view.sources);
        for (const c of changes) {
          if (c.kind === 'replace' || c.kind === 'remove' || c.kind === 'tick') continue; // covered by the general property
          const before = view;
          view = applyChange(view, c);
          states = inputsAfter(states, c);
          const full = merge([...states.values()], POLICY, T0).view;
          expect(fullForm(view)).toEqual(fullForm(full));
          expectSameDiff(before, view, full);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('equals a full merge for a service large enough to hold its instances in a persistent map', () => {
    const local: SourceId = { cluster: 'sc1', kind: 'local' };
    const serviceId = SERVICE_IDS[0];
    const many = Array.from({ length: 150 }, (_, i) => `m${i}`);
    const recordOf = (instanceId: string, rev: number): InstanceRecord => ({
      tenant: T,
      origin: 'sc1',
      rev,
      instance: { serviceId, instanceId, hostName: 'h', timestamp: '100', status: 'UP' },
    });
    const change = fc
      .record({ instanceId: fc.constantFrom(...many), rev: fc.integer({ min: 1, max: 3 }), remove: fc.boolean() })
      .map(({ instanceId, rev, remove }): SourceChange =>
        remove
          ? { kind: 'delete-instance', source: local, tenant: T, serviceId, instanceId }
          : { kind: 'put-instance', source: local, record: recordOf(instanceId, rev) },
      );
    fc.assert(
      fc.property(fc.constantFrom(...serviceArbSamples), fc.array(change, { minLength: 1, maxLength: 40 }), (service, changes) => {
        const source = sourceOf({
          ...local,
          health: FRESH,
          services: [{ ...service, origin: 'sc1', service: { ...service.service, serviceId } }],
          instances: many.slice(0, 100).map((id) => recordOf(id, 1)),
        });
        let view = merge([{ source, quarantine: undefined }], POLICY, T0).view;
        let states = new Map(view.sources);
        for (const c of changes) {
          const before = view;
          view = applyChange(view, c);
          states = inputsAfter(states, c);
          expectSameDiff(before, view, merge([...states.values()], POLICY, T0).view);
        }
        expect(fullForm(view)).toEqual(fullForm(merge([...states.values()], POLICY, T0).view));
      }),
      { numRuns: 60 },
    );
  });

  it('applies a burst of instance writes like a full merge', () => {
    fc.assert(
      fc.property(fc.oneof(ownStatesArb, statesArb()), fc.array(ownInstanceChange, { maxLength: 30 }), (initial, changes) => {
        const start = merge(initial, POLICY, T0).view;
        const states = changes.reduce(inputsAfter, new Map(start.sources));
        expect(fullForm(applyChanges(start, changes))).toEqual(fullForm(merge([...states.values()], POLICY, T0).view));
      }),
      { numRuns: 200 },
    );
  });
});
