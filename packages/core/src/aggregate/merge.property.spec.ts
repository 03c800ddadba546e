import fc from 'fast-check';
import { merge } from './merge';
import { admit } from './quarantine';
import { applyChange } from './apply-change';
import { sourceOf, sourceRecords } from './snapshot';
import type { SourceState } from './source-state';
import type { View } from './view';
import { pentries } from './internal/pmap';
import { isOwnSource } from './internal/collect';
import { POLICY, SELF, T0, fullForm, servedForm } from '../__tests__/aggregate-fixtures';
import { CLUSTERS, sourceArb, statesArb } from '../__tests__/aggregate-arbitraries';

const RUNS = { numRuns: 200 };

/** Every (key, instanceId) served globally. */
function servedInstances(view: View): Set<string> {
  const out = new Set<string>();
  for (const [k, e] of pentries(view.services)) for (const i of e.global?.instances ?? []) out.add(`${k} ${i.instanceId}`);
  return out;
}

describe('merge properties', () => {
  it('gives an identical view and conflict list for any permutation of the sources', () => {
    fc.assert(
      fc.property(
        statesArb({ maxLength: 5 }).chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s, { minLength: s.length }))),
        ([states, shuffled]) => {
          const a = merge(states, POLICY, T0);
          const b = merge(shuffled, POLICY, T0);
          expect(fullForm(b.view)).toEqual(fullForm(a.view));
          expect(b.conflicts).toEqual(a.conflicts);
          expect(b.sourceStates).toEqual(a.sourceStates);
        },
      ),
      RUNS,
    );
  });

  it('does not change when a source is given twice', () => {
    fc.assert(
      fc.property(statesArb().filter((s) => s.length > 0), fc.nat(), (states, i) => {
        const dup = states[i % states.length];
        expect(fullForm(merge([...states, dup], POLICY, T0).view)).toEqual(fullForm(merge(states, POLICY, T0).view));
      }),
      RUNS,
    );
  });

  it('does not change when another peer relays a copy of a source (origins preserved)', () => {
    fc.assert(
      fc.property(statesArb({ quarantine: false }).filter((s) => s.length > 0), fc.nat(), (states, i) => {
        const without = merge(states, POLICY, T0);
        // Copy the source as merged (inputs for one source are combined first).
        const merged = [...without.view.sources.values()];
        const copied = merged[i % merged.length].source;
        const relay = sourceOf({ cluster: 'sc9', kind: 'servicecenter', health: copied.health, ...sourceRecords(copied) });
        const withRelay = merge([...states, relay], POLICY, T0);
        expect(servedForm(withRelay.view)).toEqual(servedForm(without.view));
      }),
      RUNS,
    );
  });

  it('outputs this server as origin only for records that came from its own sources', () => {
    fc.assert(
      fc.property(statesArb(), (states) => {
        const { view } = merge(states, POLICY, T0);
        const own = new Set<object>();
        for (const st of view.sources.values()) {
          if (!isOwnSource(st.source, SELF)) continue;
          for (const src of [st.source, st.quarantine?.held]) {
            if (!src) continue;
            const r = sourceRecords(src);
            for (const x of r.services) own.add(x);
            for (const x of r.instances) own.add(x.instance);
          }
        }
        for (const [, e] of pentries(view.services)) {
          for (const scope of [e.global, e.local]) {
            if (!scope) continue;
            if (scope.definition.origin === SELF) expect(own.has(scope.definition.record)).toBe(true);
            for (const i of scope.instances) if (i.origin === SELF) expect(own.has(i.instance)).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('never loses a record when a source becomes unreachable or is quarantined', () => {
    fc.assert(
      fc.property(statesArb({ quarantine: false }).filter((s) => s.length > 0), fc.nat(), fc.boolean(), (states, i, quarantine) => {
        const before = merge(states, POLICY, T0).view;
        const victim = [...before.sources.values()][i % before.sources.size];
        let next: SourceState;
        if (quarantine) {
          fc.pre(victim.source.instanceCount >= POLICY.quarantineMin);
          const withdrawn = sourceOf({ cluster: victim.source.cluster, kind: victim.source.kind, health: { status: 'fresh', lastConfirmed: T0 } });
          next = admit(victim, withdrawn, POLICY, T0);
          expect(next.quarantine).toBeDefined();
        } else {
          // Unreachable from now on: within dropAfter nothing may go.
          next = { source: { ...victim.source, health: { status: 'unreachable', lastConfirmed: T0 } }, quarantine: undefined };
        }
        const after = applyChange(before, { kind: 'replace', state: next });
        const lost = [...servedInstances(before)].filter((x) => !servedInstances(after).has(x));
        expect(lost).toEqual([]);
      }),
      RUNS,
    );
  });

  it('gives every server of the federation the same winners and conflicts', () => {
    const clusterData = fc.tuple(...CLUSTERS.map((c) => sourceArb(fc.constant({ cluster: c, kind: 'local' as const }), fc.constant({ status: 'fresh' as const, lastConfirmed: T0 }))));
    fc.assert(
      fc.property(clusterData, (locals) => {
        // Each cluster's data carries its own name as origin, as a store would.
        const owned = locals.map((s) => {
          const r = sourceRecords(s);
          const mine = <X extends { origin: string }>(xs: readonly X[]) => xs.map((x) => ({ ...x, origin: s.cluster }));
          return sourceOf({ cluster: s.cluster, kind: 'local', health: s.health, services: mine(r.services), instances: mine(r.instances), tags: mine(r.tags), summaries: mine(r.summaries) });
        });
        const views = CLUSTERS.map((self) => {
          const inputs = owned.map((s) => (s.cluster === self ? s : sourceOf({ ...sourceRecords(s), cluster: s.cluster, kind: 'servicecenter', health: s.health })));
          return merge(inputs, { ...POLICY, self }, T0);
        });
        const globalForm = (r: (typeof views)[number]) =>
          servedForm(r.view).services.map((e) => ({ keyText: e.keyText, global: e.global, serviceIds: e.serviceIds, conflicts: e.conflicts }));
        for (const v of views.slice(1)) {
          expect(v.conflicts).toEqual(views[0].conflicts);
          expect(globalForm(v)).toEqual(globalForm(views[0]));
        }
      }),
      { numRuns: 100 },
    );
  });
});
