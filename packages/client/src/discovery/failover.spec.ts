import type { MicroServiceInstance } from '@service-center/core';
import { ServiceCenterClient } from '../client';
import { failoverPolicyOf, selectWithFailover } from './failover';
import { rankInstances } from './locality';

function inst(id: string, o: { cluster?: string; status?: string; stale?: boolean; demoted?: boolean } = {}): MicroServiceInstance {
  const properties: Record<string, string> = {};
  if (o.cluster) properties['x-sc-origin-cluster'] = o.cluster;
  if (o.stale) properties['x-sc-stale'] = 'true';
  if (o.demoted) properties['x-sc-demoted'] = 'true';
  return { instanceId: id, serviceId: 's', status: o.status, properties };
}

const ids = (xs: readonly { instance: MicroServiceInstance }[]) => xs.map((x) => x.instance.instanceId);
const here = { cluster: 'a' };

describe('discover() failover policy', () => {
  const list = [inst('c1', { cluster: 'c' }), inst('b1', { cluster: 'b' }), inst('b2', { cluster: 'b' }), inst('a1', { cluster: 'a' }), inst('a2', { cluster: 'a', status: 'DOWN' })];

  test('the local cluster alone while enough of it is UP (the tiers would list every cluster)', () => {
    expect(ids(selectWithFailover(list, here, failoverPolicyOf({})))).toEqual(['a1']);
    expect(ids(rankInstances(list, here))).toEqual(['a1', 'c1', 'b1', 'b2']);
  });

  test('below the minimum: clusters in the given order, one at a time, until it is met', () => {
    expect(ids(selectWithFailover(list, here, failoverPolicyOf({ minHealthy: 2, order: ['c', 'b'] })))).toEqual(['a1', 'c1']);
    expect(ids(selectWithFailover(list, here, failoverPolicyOf({ minHealthy: 3, order: ['c', 'b'] })))).toEqual(['a1', 'c1', 'b1', 'b2']);
    expect(ids(selectWithFailover(list, here, failoverPolicyOf({ minHealthy: 2 })))).toEqual(['a1', 'b1', 'b2']);
  });

  test("a share of every cluster's instances; spill all adds every cluster at once", () => {
    expect(ids(selectWithFailover(list, here, failoverPolicyOf({ minHealthy: '40%', spill: 'all' })))).toEqual(['a1', 'b1', 'b2', 'c1']);
    expect(ids(selectWithFailover(list, here, failoverPolicyOf({ minHealthy: '20%', spill: 'all' })))).toEqual(['a1']);
  });

  test('stale clusters only when nothing fresh is UP, demoted last', () => {
    const dead = [inst('a1', { cluster: 'a', status: 'DOWN' }), inst('b1', { cluster: 'b', stale: true, demoted: true }), inst('c1', { cluster: 'c', stale: true })];
    expect(ids(selectWithFailover(dead, here, failoverPolicyOf({ order: ['b', 'c'] })))).toEqual(['c1']);
    expect(ids(selectWithFailover(dead.slice(0, 2), here, failoverPolicyOf({})))).toEqual(['b1']);
  });

  test('instances without an origin (a plain answer) are local', () => {
    expect(ids(selectWithFailover([inst('x'), inst('b1', { cluster: 'b' })], here, failoverPolicyOf({})))).toEqual(['x']);
  });

  test('the client refuses a policy it cannot apply', () => {
    expect(() => new ServiceCenterClient({ endpoints: ['http://127.0.0.1:1'], failover: {} })).toThrow(/locality\.cluster/);
    expect(() => new ServiceCenterClient({ endpoints: ['http://127.0.0.1:1'], locality: here, failover: { minHealthy: '0%' } })).toThrow(/minHealthy/);
  });
});
