import { merge } from './merge';
import { applyChange } from './apply-change';
import { diff } from './diff';
import { POLICY, SELF, T, T0, inst, local, peer, svc } from '../__tests__/aggregate-fixtures';

const SC2 = { cluster: 'sc2', kind: 'servicecenter' } as const;
const s2 = svc('sc2', 'orders');
const view = (records: Parameters<typeof peer>[1]) => merge([peer('sc2', records)], POLICY, T0).view;
const brief = (es: ReturnType<typeof diff>) => es.map((e) => [e.action, e.kind, e.kind === 'instance' ? e.instanceId : e.serviceId, e.origin]);

describe('diff', () => {
  it('creates a service before its instances and deletes it after them', () => {
    const empty = view({});
    const full = view({ services: [s2], instances: [inst('sc2', s2, 'i1'), inst('sc3', s2, 'i2')] });
    expect(brief(diff(empty, full))).toEqual([
      ['CREATE', 'service', s2.service.serviceId, 'sc2'],
      ['CREATE', 'instance', 'i1', 'sc2'],
      ['CREATE', 'instance', 'i2', 'sc3'],
    ]);
    expect(brief(diff(full, empty))).toEqual([
      ['DELETE', 'instance', 'i1', 'sc2'],
      ['DELETE', 'instance', 'i2', 'sc3'],
      ['DELETE', 'service', s2.service.serviceId, 'sc2'],
    ]);
  });

  it('reports an UPDATE when a revision changes, and nothing for a relist of the same records', () => {
    const before = view({ services: [s2], instances: [inst('sc2', s2, 'i1')] });
    const same = view({ services: [s2], instances: [inst('sc2', s2, 'i1')] });
    expect(diff(before, same)).toEqual([]);
    const after = applyChange(before, { kind: 'put-instance', source: SC2, record: inst('sc2', s2, 'i1', { rev: 2, status: 'DOWN' }) });
    expect(diff(before, after)).toEqual([
      expect.objectContaining({ action: 'UPDATE', kind: 'instance', instanceId: 'i1', instance: expect.objectContaining({ status: 'DOWN' }) }),
    ]);
  });

  it('reports a service UPDATE when its tags change', () => {
    const before = view({ services: [s2] });
    const after = applyChange(before, { kind: 'put-tags', source: SC2, record: { tenant: T, serviceId: s2.service.serviceId, tags: { a: 'b' }, origin: 'sc2', rev: 1 } });
    expect(brief(diff(before, after))).toEqual([['UPDATE', 'service', s2.service.serviceId, 'sc2']]);
  });

  it('diffs the local scope separately', () => {
    const mine = svc(SELF, 'orders');
    const before = merge([local({ services: [mine] }), peer('sc2', { services: [s2] })], POLICY, T0).view;
    const after = applyChange(before, { kind: 'put-instance', source: SC2, record: inst('sc2', s2, 'p1') });
    expect(brief(diff(before, after, 'global'))).toEqual([['CREATE', 'instance', 'p1', 'sc2']]);
    expect(diff(before, after, 'local')).toEqual([]);
  });
});
