import { merge } from '../aggregate/merge';
import { MIN, POLICY, SELF, T, T0, inst, local, peer, svc, unreachableSince } from '../__tests__/aggregate-fixtures';
import type { MicroServiceInstance } from '../model/instance';
import { ReservedProperties } from '../model/reserved-properties';
import { FAILOVER_OFF, FailoverPolicy } from './failover';
import { failoverReads } from './failover-reads';
import type { InstanceRead, ReadService, RegistryReads } from './reads';
import { revisionOf } from './revision';

const mine = svc(SELF, 'orders');
const theirs = (cluster: string) => svc(cluster, 'orders');
const LOCAL_FIRST: FailoverPolicy = { ...FAILOVER_OFF, mode: 'local-first', order: ['sc3', 'sc2'] };

/** The local registry as a stub: one service, instances with store-like revision tokens. */
function localReads(instances: readonly MicroServiceInstance[]): RegistryReads {
  const service: ReadService = { ...mine.service, serviceId: mine.service.serviceId ?? '' };
  const reads = instances.map((i): InstanceRead => ({ instance: { ...i, serviceId: service.serviceId, instanceId: i.instanceId ?? '' }, rev: `${i.instanceId}@${i.status}` }));
  return {
    services: () => [service],
    service: (_t, id) => (id === service.serviceId ? service : undefined),
    serviceIdsByName: () => [service.serviceId],
    serviceIdByKey: () => service.serviceId,
    tags: () => ({}),
    instances: (_t, id) => (id === service.serviceId ? reads : []),
    instance: (_t, id, iid) => (id === service.serviceId ? reads.find((r) => r.instance.instanceId === iid) : undefined),
    schemas: () => [],
    providers: () => [],
    consumers: () => [],
    origins: () => [],
  };
}

const view = (sc3Health = unreachableSince(T0)) =>
  merge(
    [
      local({ services: [mine], instances: [inst(SELF, mine, 'l1')] }),
      peer('sc2', { services: [theirs('sc2')], instances: [inst('sc2', theirs('sc2'), 'b1')] }),
      peer('sc3', { services: [theirs('sc3')], instances: [inst('sc3', theirs('sc3'), 'c1')] }, sc3Health),
    ],
    POLICY,
    T0 + MIN,
  ).view;

const sid = mine.service.serviceId ?? '';
const ids = (rs: readonly InstanceRead[]) => rs.map((r) => r.instance.instanceId);

describe('failoverReads', () => {
  const up = localReads([inst(SELF, mine, 'l1').instance]);
  const down = localReads([{ ...inst(SELF, mine, 'l1').instance, status: 'DOWN' }]);

  test('off: the local answer, even with nothing UP locally', () => {
    expect(failoverReads(down, () => view(), () => FAILOVER_OFF).instances(T, sid)).toEqual(down.instances(T, sid));
  });

  test('the policy is read at each call: a reload turns failover on and off', () => {
    let policy = FAILOVER_OFF;
    const reads = failoverReads(down, () => view(), () => policy);
    expect(reads.instances(T, sid)).toEqual(down.instances(T, sid));
    policy = LOCAL_FIRST;
    expect(reads.instances(T, sid).length).toBeGreaterThan(down.instances(T, sid).length);
    policy = FAILOVER_OFF;
    expect(reads.instances(T, sid)).toEqual(down.instances(T, sid));
  });

  test('a healthy local cluster answers as the local reads, with the same revision', () => {
    const reads = failoverReads(up, () => view(), () => LOCAL_FIRST);
    expect(reads.instances(T, sid)).toEqual(up.instances(T, sid));
  });

  test('fresh clusters before stale ones, whatever the order; marked, with a revision of their own', () => {
    const reads = failoverReads(down, () => view(), () => LOCAL_FIRST);
    const served = reads.instances(T, sid);
    expect(ids(served)).toEqual(['l1', 'b1']); // sc3 comes first in the order, but it is stale
    expect(served[1].instance.properties).toMatchObject({ [ReservedProperties.origin]: 'sc2', [ReservedProperties.failover]: 'true' });
    expect(revisionOf(served)).not.toBe(revisionOf(down.instances(T, sid)));
    expect(reads.instance(T, sid, 'b1')?.instance.instanceId).toBe('b1');
    expect(reads.instance(T, sid, 'c1')).toBeUndefined();
    expect(reads.services(T)).toEqual(down.services(T));
  });

  test('the order decides between fresh clusters', () => {
    const reads = failoverReads(down, () => view({ status: 'fresh', lastConfirmed: T0 + MIN }), () => LOCAL_FIRST);
    expect(ids(reads.instances(T, sid))).toEqual(['l1', 'c1']);
  });
});
