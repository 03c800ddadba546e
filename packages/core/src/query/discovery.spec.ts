import * as E from 'fp-ts/Either';
import { merge } from '../aggregate/merge';
import { applyChange } from '../aggregate/apply-change';
import type { Source } from '../aggregate/snapshot';
import type { View } from '../aggregate/view';
import { FindAnswer, FindPolicy, FindRequest, findInstances, getProviderInstance, listProviderInstances } from './discovery';
import { viewReads } from './view-reads';
import { MIN, POLICY, SELF, T, T0, inst, local, peer, svc, tags, unreachableSince } from '../__tests__/aggregate-fixtures';

const q = (o: Partial<FindRequest> = {}): FindRequest => ({
  tenant: T,
  consumerId: '',
  environment: '',
  appId: 'app',
  serviceName: 'orders',
  version: '',
  tags: [],
  ...o,
});
const RULES: FindPolicy = { versionRules: true };

const find = (view: View, req: FindRequest, policy?: FindPolicy) => findInstances(viewReads(view), req, policy);

function found(sources: Source[], req: FindRequest, now = T0, policy?: FindPolicy): FindAnswer {
  const r = find(merge(sources, POLICY, now).view, req, policy);
  if (E.isLeft(r)) throw new Error(`expected instances, got ${r.left.code} ${r.left.detail}`);
  return r.right;
}

const ids = (f: FindAnswer) => f.instances.map((i) => `${i.instance.instanceId}@${i.instance.properties?.['x-sc-origin-cluster']}`).sort();

const mine = svc(SELF, 'orders');
const theirs = svc('sc2', 'orders');
const both = () => [
  local({ services: [mine], instances: [inst(SELF, mine, 'l1')] }),
  peer('sc2', { services: [theirs], instances: [inst('sc2', theirs, 'p1')] }),
];

describe('find over the merged view', () => {
  it('answers every cluster\'s instances, each with its origin', () => {
    expect(ids(found(both(), q()))).toEqual(['l1@sc1', 'p1@sc2']);
  });

  it('answers 400012 for an unknown service', () => {
    const view = merge([peer('sc2', { services: [theirs] })], POLICY, T0).view;
    const miss = find(view, q({ serviceName: 'nothing' }));
    expect(E.isLeft(miss) && miss.left.code).toBe(400012);
    expect(E.isRight(find(view, q()))).toBe(true);
  });

  it('ignores the version text by default (Service-Center 2.2), whatever it is', () => {
    const v1 = svc('sc2', 'orders', { version: '1.0.0' });
    const v2 = svc('sc2', 'orders', { version: '2.0.0' });
    const sources = [peer('sc2', { services: [v1, v2], instances: [inst('sc2', v1, 'a')] })];
    for (const version of ['', 'latest', '1.x', '0%2B', '0%252B', '3.0.0', '%']) {
      const f = found(sources, q({ version }));
      expect(ids(f)).toEqual(['a@sc2']); // 'latest' too: the newest version has no instance, the older one's are answered
      expect(f.services.map((s) => s.version).sort()).toEqual(['1.0.0', '2.0.0']);
    }
  });

  it('applies version rules under versionRules, reading a rule percent-decoded once', () => {
    const v1 = svc('sc2', 'orders', { version: '1.0.0' });
    const v2 = svc('sc2', 'orders', { version: '2.0.0' });
    const sources = [peer('sc2', { services: [v1, v2], instances: [inst('sc2', v1, 'a'), inst('sc2', v2, 'b')] })];
    expect(ids(found(sources, q({ version: 'latest' }), T0, RULES))).toEqual(['b@sc2']);
    expect(ids(found(sources, q({ version: '1.0.0' }), T0, RULES))).toEqual(['a@sc2']);
    expect(ids(found(sources, q({ version: '1.0.0+' }), T0, RULES))).toEqual(['a@sc2', 'b@sc2']);
    expect(ids(found(sources, q({ version: '0%2B' }), T0, RULES))).toEqual(['a@sc2', 'b@sc2']);
    expect(found(sources, q({ version: '0+' }), T0, RULES).services.map((s) => s.version).sort()).toEqual(['1.0.0', '2.0.0']);
    const view = merge(sources, POLICY, T0).view;
    const none = find(view, q({ version: '3.0.0' }), RULES);
    expect(E.isLeft(none) && none.left.code).toBe(400012);
    const bad = find(view, q({ version: '1.x' }), RULES);
    expect(E.isLeft(bad) && bad.left.code).toBe(400001);
    const stillEscaped = find(view, q({ version: '0%252B' }), RULES); // decoded once: '0%2B', not a rule
    expect(E.isLeft(stillEscaped) && stillEscaped.left.code).toBe(400001);
  });

  it('answers no instance for latest under versionRules when the newest version has none', () => {
    const v1 = svc('sc2', 'orders', { version: '1.0.0' });
    const v2 = svc('sc2', 'orders', { version: '2.0.0' });
    const sources = [peer('sc2', { services: [v1, v2], instances: [inst('sc2', v1, 'a')] })];
    expect(found(sources, q({ version: 'latest' }), T0, RULES).instances).toEqual([]);
  });

  it('finds by alias when no service has the name, taking the alias winner', () => {
    const a = svc('sc2', 'orders', { alias: 'shop', timestamp: '200' });
    const b = svc('sc3', 'billing', { alias: 'shop', timestamp: '100' });
    const sources = [peer('sc2', { services: [a], instances: [inst('sc2', a, 'o1')] }), peer('sc3', { services: [b], instances: [inst('sc3', b, 'b1')] })];
    expect(ids(found(sources, q({ serviceName: 'shop' })))).toEqual(['b1@sc3']);
  });

  it('resolves an alias by the global winner\'s definition', () => {
    const ours = svc(SELF, 'orders', { alias: 'shop', timestamp: '300' });
    const theirsOlder = svc('sc2', 'orders', { alias: 'store', timestamp: '100' });
    const sources = [local({ services: [ours], instances: [inst(SELF, ours, 'l1')] }), peer('sc2', { services: [theirsOlder] })];
    expect(ids(found(sources, q({ serviceName: 'store' })))).toEqual(['l1@sc1']);
  });

  it('filters by tag keys: the service must have all of them', () => {
    const sources = [peer('sc2', { services: [theirs], instances: [inst('sc2', theirs, 'p1')], tags: [tags('sc2', theirs, { team: 'a', tier: 'b' })] })];
    expect(ids(found(sources, q({ tags: ['team', 'tier'] })))).toEqual(['p1@sc2']);
    expect(found(sources, q({ tags: ['team', 'zone'] })).instances).toEqual([]);
  });

  it('serves demoted instances only when no fresh instance of the service exists, and dropped ones never', () => {
    const stalePeer = peer('sc2', { services: [theirs], instances: [inst('sc2', theirs, 'p1')] }, unreachableSince(T0 - 2 * MIN));
    const withFresh = [local({ services: [mine], instances: [inst(SELF, mine, 'l1')] }), stalePeer];
    expect(ids(found(withFresh, q()))).toEqual(['l1@sc1']);
    const alone = found([stalePeer], q());
    expect(ids(alone)).toEqual(['p1@sc2']);
    expect(alone.instances[0].instance.properties).toMatchObject({ 'x-sc-stale': 'true', 'x-sc-demoted': 'true' });
    const notYetDemoted = peer('sc2', { services: [theirs], instances: [inst('sc2', theirs, 'p1')] }, unreachableSince(T0 - 10_000));
    expect(ids(found([withFresh[0], notYetDemoted], q()))).toEqual(['l1@sc1', 'p1@sc2']);
    const gone = find(merge([stalePeer], POLICY, T0 + 10 * MIN).view, q());
    expect(E.isLeft(gone)).toBe(true);
  });

  it('lists and gets a provider\'s instances by id, the same reads as find', () => {
    const view = merge(both(), POLICY, T0).view;
    const req = { tenant: T, consumerId: '', serviceId: mine.service.serviceId, tags: [] };
    const list = listProviderInstances(viewReads(view), req);
    expect(E.isRight(list) && list.right.instances.map((i) => i.instance.instanceId).sort()).toEqual(['l1', 'p1']);
    const one = getProviderInstance(viewReads(view), { ...req, instanceId: 'p1' });
    expect(E.isRight(one) && one.right.instance.instance.properties?.['x-sc-origin-cluster']).toBe('sc2');
    const missing = getProviderInstance(viewReads(view), { ...req, instanceId: 'nope' });
    expect(E.isLeft(missing) && missing.left.code).toBe(400017);
  });
});

describe('find revision over the merged view', () => {
  it('is the same on two replicas holding the same data, whatever the source order or object identity', () => {
    const a = found(both(), q());
    const b = found(both().reverse(), q());
    expect(b.revision).toBe(a.revision);
    expect(a.revision).toMatch(/^[0-9a-f]{40}$/);
  });

  it('changes when the result set or any instance in it changes, and only then', () => {
    const view = merge(both(), POLICY, T0).view;
    const rev = (v: View) => (find(v, q()) as E.Right<FindAnswer>).right.revision;
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
