import { merge } from './merge';
import { applyChange } from './apply-change';
import { changeEventsOf } from './change-events';
import { serviceEntryOf } from './view';
import { serviceKeyOf, serviceKeyText } from '../keys/service-key';
import { POLICY, SELF, T, T0, inst, local, peer, summary, svc, tags } from '../__tests__/aggregate-fixtures';

const LOCAL = { cluster: SELF, kind: 'local' } as const;
const brief = (es: ReturnType<typeof changeEventsOf>) => es.map((e) => [e.action, e.kind, e.kind === 'instance' ? e.instanceId : e.serviceId, e.origin]);
const empty = merge([local({}), peer('sc2', {})], POLICY, T0).view;

describe('changeEventsOf: the change stream derived from one view change', () => {
  it("offers this server's own records and relays the others, each once", () => {
    const own = svc(SELF, 'orders');
    const remote = svc('sc2', 'billing');
    const after = merge(
      [local({ services: [own], instances: [inst(SELF, own, 'i1')] }), peer('sc2', { services: [remote], instances: [inst('sc2', remote, 'r1')] })],
      POLICY,
      T0,
    ).view;
    expect(brief(changeEventsOf(empty, after))).toEqual([
      ['CREATE', 'service', own.service.serviceId, SELF],
      ['CREATE', 'instance', 'i1', SELF],
      ['CREATE', 'service', remote.service.serviceId, 'sc2'],
      ['CREATE', 'instance', 'r1', 'sc2'],
    ]);
    expect(changeEventsOf(after, after)).toEqual([]);
  });

  it('offers an own record that loses a conflict here (peers judge conflicts themselves)', () => {
    // Same key, other serviceIds: the peer's older timestamp wins the merged view.
    const mine = svc(SELF, 'orders', { serviceId: 'mine', timestamp: '200' });
    const theirs = svc('sc2', 'orders', { serviceId: 'theirs', timestamp: '100' });
    const after = merge([local({ services: [mine] }), peer('sc2', { services: [theirs] })], POLICY, T0).view;
    const keyText = serviceKeyText(serviceKeyOf(T, mine.service));
    expect(serviceEntryOf(after, keyText)?.global?.definition.serviceId).toBe('theirs');
    expect(brief(changeEventsOf(empty, after))).toEqual([
      ['CREATE', 'service', 'mine', SELF],
      ['CREATE', 'service', 'theirs', 'sc2'],
    ]);
  });

  it('does not relay copies of our own records that a peer sends back', () => {
    const own = svc(SELF, 'orders');
    const after = merge([local({ services: [own] }), peer('sc2', { services: [own], instances: [inst(SELF, own, 'echo')] })], POLICY, T0).view;
    expect(brief(changeEventsOf(empty, after))).toEqual([['CREATE', 'service', own.service.serviceId, SELF]]);
  });

  it('carries the whole definition on service events, and no content on DELETE', () => {
    const own = svc(SELF, 'orders');
    const v1 = merge([local({ services: [own], instances: [inst(SELF, own, 'i1', { rev: 4 })] })], POLICY, T0).view;
    const v2 = applyChange(v1, { kind: 'put-tags', source: LOCAL, record: tags(SELF, own, { a: 'b' }, 5) });
    const v3 = applyChange(v2, { kind: 'put-summary', source: LOCAL, record: summary(SELF, own, 's1', 'sum', 6) });
    const [tagged] = changeEventsOf(v1, v2);
    expect(tagged).toMatchObject({ action: 'UPDATE', kind: 'service', tags: { a: 'b' }, rev: 1, service: { serviceName: 'orders' } });
    expect(changeEventsOf(v2, v3)[0]).toMatchObject({ action: 'UPDATE', summaries: { s1: 'sum' }, tags: { a: 'b' } });
    const gone = applyChange(v3, { kind: 'delete-instance', source: LOCAL, tenant: T, serviceId: own.service.serviceId, instanceId: 'i1' });
    const [del] = changeEventsOf(v3, gone);
    expect(del).toEqual({ key: expect.objectContaining({ appId: own.service.appId }), action: 'DELETE', kind: 'instance', domain: 'default', project: 'default', serviceId: own.service.serviceId, instanceId: 'i1', origin: SELF, rev: 0 });
    expect(changeEventsOf(empty, v1).find((e) => e.kind === 'instance')).toMatchObject({ rev: 4, instance: { instanceId: 'i1' } });
  });
});
