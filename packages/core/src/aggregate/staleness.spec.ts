import { merge } from './merge';
import { applyChange } from './apply-change';
import { diff } from './diff';
import { sourceStatesOf } from './source-report';
import { MIN, POLICY, T0, entry, inst, instanceIds, local, peer, svc, unreachableSince } from '../__tests__/aggregate-fixtures';

const s2 = svc('sc2', 'orders');
const s1 = svc('sc1', 'orders');
const sc2 = (health = unreachableSince(T0)) => peer('sc2', { services: [s2], instances: [inst('sc2', s2, 'p1'), inst('sc2', s2, 'p2')] }, health);

describe('staleness of an unreachable source (rule 5)', () => {
  it('keeps the last snapshot of a peer that fails, marked stale with its last confirmation (SC syncer cases 7-8)', () => {
    const { view, sourceStates } = merge([sc2()], POLICY, T0 + 10_000);
    const served = entry(view, 'orders')!.global!;
    expect(instanceIds(served)).toEqual(['p1', 'p2']);
    expect(served.instances.every((i) => i.stale && !i.demoted && i.lastConfirmed === T0)).toBe(true);
    expect(served.definition).toMatchObject({ stale: true, lastConfirmed: T0 });
    expect(sourceStates[0]).toMatchObject({ source: 'sc2/servicecenter', status: 'stale', instances: 2 });
  });

  it('demotes after demoteAfter and drops after dropAfter', () => {
    const demoted = merge([sc2()], POLICY, T0 + MIN).view;
    expect(entry(demoted, 'orders')!.global!.instances.every((i) => i.demoted)).toBe(true);
    const dropped = merge([sc2()], POLICY, T0 + 5 * MIN);
    expect(entry(dropped.view, 'orders')).toBeUndefined();
    expect(dropped.sourceStates[0].status).toBe('dropped');
    // The snapshot itself is kept: when the peer answers again, its records come back.
    expect(dropped.view.sources.get('sc2/servicecenter')!.source.instanceCount).toBe(2);
  });

  it('says hasFresh so finds skip demoted instances only when something fresh exists', () => {
    const mixed = merge([local({ services: [s1], instances: [inst('sc1', s1, 'l1')] }), sc2()], POLICY, T0 + 2 * MIN).view;
    expect(entry(mixed, 'orders')!.global!.hasFresh).toBe(true);
    const onlyStale = merge([sc2()], POLICY, T0 + 2 * MIN).view;
    expect(entry(onlyStale, 'orders')!.global!.hasFresh).toBe(false);
  });

  it('confirms a record through any fresh path: relayed by a fresh peer, it is not stale', () => {
    const relay = peer('sc3', { services: [s2], instances: [inst('sc2', s2, 'p1')] });
    const { view } = merge([sc2(), relay], POLICY, T0 + 2 * MIN);
    const [p1, p2] = entry(view, 'orders')!.global!.instances;
    expect(p1).toMatchObject({ instanceId: 'p1', stale: false, demoted: false });
    expect(p2).toMatchObject({ instanceId: 'p2', stale: true, demoted: true });
  });

  it('produces no DELETE when a source becomes unreachable, and DELETEs when its records are dropped', () => {
    const before = merge([sc2({ status: 'fresh', lastConfirmed: T0 })], POLICY, T0).view;
    const silent = applyChange(before, { kind: 'health', source: { cluster: 'sc2', kind: 'servicecenter' }, health: unreachableSince(T0) });
    expect(diff(before, silent)).toEqual([]);
    const demoted = applyChange(silent, { kind: 'tick', now: T0 + 2 * MIN });
    expect(diff(silent, demoted)).toEqual([]);
    const dropped = applyChange(demoted, { kind: 'tick', now: T0 + 5 * MIN });
    expect(diff(demoted, dropped).map((e) => [e.action, e.kind])).toEqual([
      ['DELETE', 'instance'],
      ['DELETE', 'instance'],
      ['DELETE', 'service'],
    ]);
  });

  it('reports source health as data', () => {
    const { view } = merge([sc2(), local({})], POLICY, T0 + 2 * MIN);
    expect(sourceStatesOf(view).map((s) => [s.source, s.status])).toEqual([
      ['sc1/local', 'fresh'],
      ['sc2/servicecenter', 'demoted'],
    ]);
  });
});
