import * as E from 'fp-ts/Either';
import { merge } from '../aggregate/merge';
import { applyChange } from '../aggregate/apply-change';
import type { Source } from '../aggregate/snapshot';
import { FindQuery, FoundInstances, findInstances } from './find';
import { MIN, POLICY, SELF, T, T0, inst, local, peer, svc, tags, unreachableSince } from '../__tests__/aggregate-fixtures';

const q = (o: Partial<FindQuery> = {}): FindQuery => ({ tenant: T, appId: 'app', serviceName: 'orders', ...o });

function found(sources: Source[], query: FindQuery, now = T0): FoundInstances {
  const r = findInstances(merge(sources, POLICY, now).view, query);
  if (E.isLeft(r)) throw new Error(`expected instances, got ${r.left.code} ${r.left.detail}`);
  return r.right;
}

const ids = (f: FoundInstances) => f.instances.map((i) => `${i.instanceId}@${i.origin}`);

const mine = svc(SELF, 'orders');
const theirs = svc('sc2', 'orders');
const both = () => [
  local({ services: [mine], instances: [inst(SELF, mine, 'l1')] }),
  peer('sc2', { services: [theirs], instances: [inst('sc2', theirs, 'p1')] }),
];

describe('findInstances', () => {
  it('reads this server\'s own sources only unless global is set', () => {
    expect(ids(found(both(), q()))).toEqual(['l1@sc1']);
    expect(ids(found(both(), q({ global: true })))).toEqual(['l1@sc1', 'p1@sc2']);
  });

  it('answers 400012 for an unknown service, and for a service known only to peers without global', () => {
    const view = merge([peer('sc2', { services: [theirs] })], POLICY, T0).view;
    const miss = findInstances(view, q());
    expect(E.isLeft(miss) && miss.left.code).toBe(400012);
    expect(E.isRight(findInstances(view, q({ global: true })))).toBe(true);
  });

  it('answers 400001 for an unusable version rule', () => {
    const r = findInstances(merge(both(), POLICY, T0).view, q({ version: '1.x' }));
    expect(E.isLeft(r) && r.left.code).toBe(400001);
  });

  it('applies version rules over the versions of the name', () => {
    const v1 = svc('sc2', 'orders', { version: '1.0.0' });
    const v2 = svc('sc2', 'orders', { version: '2.0.0' });
    const sources = [peer('sc2', { services: [v1, v2], instances: [inst('sc2', v1, 'a'), inst('sc2', v2, 'b')] })];
    const g = { global: true };
    expect(ids(found(sources, q({ ...g, version: 'latest' })))).toEqual(['b@sc2']);
    expect(ids(found(sources, q({ ...g, version: '1.0.0' })))).toEqual(['a@sc2']);
    expect(ids(found(sources, q({ ...g, version: '1.0.0+' })))).toEqual(['a@sc2', 'b@sc2']);
    expect(found(sources, q({ ...g, version: '0+' })).services.map((k) => k.version)).toEqual(['1.0.0', '2.0.0']);
    const none = findInstances(merge(sources, POLICY, T0).view, q({ ...g, version: '3.0.0' }));
    expect(E.isLeft(none) && none.left.code).toBe(400012);
  });

  it('finds by alias when no service has the name, taking the alias winner', () => {
    const a = svc('sc2', 'orders', { alias: 'shop', timestamp: '200' });
    const b = svc('sc3', 'billing', { alias: 'shop', timestamp: '100' });
    const sources = [peer('sc2', { services: [a], instances: [inst('sc2', a, 'o1')] }), peer('sc3', { services: [b], instances: [inst('sc3', b, 'b1')] })];
    expect(ids(found(sources, q({ serviceName: 'shop', global: true })))).toEqual(['b1@sc3']);
  });

  it('filters by tag keys: the service must have all of them', () => {
    const sources = [peer('sc2', { services: [theirs], instances: [inst('sc2', theirs, 'p1')], tags: [tags('sc2', theirs, { team: 'a', tier: 'b' })] })];
    expect(ids(found(sources, q({ global: true, tags: ['team', 'tier'] })))).toEqual(['p1@sc2']);
    expect(found(sources, q({ global: true, tags: ['team', 'zone'] })).instances).toEqual([]);
  });

  it('serves demoted instances only when no fresh instance of the service exists, and dropped ones never', () => {
    const stalePeer = peer('sc2', { services: [theirs], instances: [inst('sc2', theirs, 'p1')] }, unreachableSince(T0 - 2 * MIN));
    const withFresh = [local({ services: [mine], instances: [inst(SELF, mine, 'l1')] }), stalePeer];
    expect(ids(found(withFresh, q({ global: true })))).toEqual(['l1@sc1']);
    expect(ids(found([stalePeer], q({ global: true })))).toEqual(['p1@sc2']);
    const notYetDemoted = peer('sc2', { services: [theirs], instances: [inst('sc2', theirs, 'p1')] }, unreachableSince(T0 - 10_000));
    expect(ids(found([withFresh[0], notYetDemoted], q({ global: true })))).toEqual(['l1@sc1', 'p1@sc2']);
    const gone = findInstances(merge([stalePeer], POLICY, T0 + 10 * MIN).view, q({ global: true }));
    expect(E.isLeft(gone)).toBe(true);
  });

  it('sees the local definition in local reads even when a peer\'s definition wins globally', () => {
    const older = svc('sc2', 'orders', { serviceId: 'theirs', timestamp: '1' });
    const sources = [local({ services: [mine], instances: [inst(SELF, mine, 'l1')] }), peer('sc2', { services: [older], instances: [inst('sc2', older, 'p1')] })];
    expect(ids(found(sources, q()))).toEqual(['l1@sc1']);
    expect(ids(found(sources, q({ global: true })))).toEqual(['l1@sc1', 'p1@sc2']);
  });
});

describe('findInstances by alias per scope', () => {
  it('resolves the local alias in local reads even when the global winner has another alias', () => {
    const ours = svc(SELF, 'orders', { alias: 'shop', timestamp: '300' });
    const theirsOlder = svc('sc2', 'orders', { alias: 'store', timestamp: '100' });
    const sources = [local({ services: [ours], instances: [inst(SELF, ours, 'l1')] }), peer('sc2', { services: [theirsOlder] })];
    expect(ids(found(sources, q({ serviceName: 'shop' })))).toEqual(['l1@sc1']);
    expect(ids(found(sources, q({ serviceName: 'store', global: true })))).toEqual(['l1@sc1']);
    const r = findInstances(merge(sources, POLICY, T0).view, q({ serviceName: 'store' }));
    expect(E.isLeft(r)).toBe(true);
  });
});

describe('find revision', () => {
  it('is the same on two replicas holding the same data, whatever the source order or object identity', () => {
    const a = found(both(), q({ global: true }));
    const b = found(both().reverse(), q({ global: true }));
    expect(b.rev).toBe(a.rev);
    expect(a.rev).toMatch(/^[0-9a-f]{40}$/);
  });

  it('changes when the result set or any instance in it changes, and only then', () => {
    const view = merge(both(), POLICY, T0).view;
    const rev = (v: typeof view) => (findInstances(v, q({ global: true })) as E.Right<FoundInstances>).right.rev;
    const SC2 = { cluster: 'sc2', kind: 'servicecenter' } as const;
    const added = applyChange(view, { kind: 'put-instance', source: SC2, record: inst('sc2', theirs, 'p2') });
    const updated = applyChange(view, { kind: 'put-instance', source: SC2, record: inst('sc2', theirs, 'p1', { rev: 2 }) });
    const sameRevNewContent = applyChange(view, { kind: 'put-instance', source: SC2, record: inst('sc2', theirs, 'p1', { hostName: 'moved' }) });
    const stale = applyChange(view, { kind: 'health', source: SC2, health: unreachableSince(T0) });
    const unrelated = applyChange(view, { kind: 'put-service', source: SC2, record: svc('sc2', 'billing') });
    const revs = [view, added, updated, sameRevNewContent, stale].map(rev);
    expect(new Set(revs).size).toBe(revs.length);
    expect(rev(unrelated)).toBe(rev(view));
  });
});
