import { merge, emptyView } from './merge';
import { applyChange, applyChanges } from './apply-change';
import { conflictsOf } from './view';
import { pget } from './internal/pmap';
import { POLICY, SELF, T, T0, entry, fullForm, inst, instanceIds, local, peer, svc } from '../__tests__/aggregate-fixtures';

const SC2 = { cluster: 'sc2', kind: 'servicecenter' } as const;
const LOCAL = { cluster: SELF, kind: 'local' } as const;
const s2 = svc('sc2', 'orders');

describe('applyChange', () => {
  const base = merge([peer('sc2', { services: [s2], instances: [inst('sc2', s2, 'i1')] }), local({})], POLICY, T0).view;

  it('adds, updates and removes one instance', () => {
    const added = applyChange(base, { kind: 'put-instance', source: SC2, record: inst('sc2', s2, 'i2') });
    expect(instanceIds(entry(added, 'orders')!.global)).toEqual(['i1', 'i2']);
    const updated = applyChange(added, { kind: 'put-instance', source: SC2, record: inst('sc2', s2, 'i2', { rev: 2, status: 'DOWN' }) });
    expect(entry(updated, 'orders')!.global!.instances[1]).toMatchObject({ rev: 2, instance: expect.objectContaining({ status: 'DOWN' }) });
    const removed = applyChange(updated, { kind: 'delete-instance', source: SC2, tenant: T, serviceId: s2.service.serviceId, instanceId: 'i1' });
    expect(instanceIds(entry(removed, 'orders')!.global)).toEqual(['i2']);
  });

  it('leaves the input view untouched and shares what did not change', () => {
    const other = svc('sc2', 'billing');
    const v1 = applyChange(base, { kind: 'put-service', source: SC2, record: other });
    const v2 = applyChange(v1, { kind: 'put-instance', source: SC2, record: inst('sc2', other, 'b1') });
    expect(instanceIds(entry(base, 'orders')!.global)).toEqual(['i1']);
    expect(entry(v1, 'billing')!.global!.instances).toEqual([]);
    expect(entry(v2, 'orders')).toBe(entry(v1, 'orders'));
  });

  it('creates and resolves conflicts incrementally', () => {
    const rival = svc(SELF, 'orders', { serviceId: 'other-id', timestamp: '1' });
    const v1 = applyChange(base, { kind: 'put-service', source: LOCAL, record: rival });
    expect(conflictsOf(v1).map((c) => c.kind)).toEqual(['service-id']);
    expect(entry(v1, 'orders')!.global!.definition.serviceId).toBe('other-id');
    const v2 = applyChange(v1, { kind: 'delete-service', source: LOCAL, tenant: T, serviceId: 'other-id' });
    expect(conflictsOf(v2)).toEqual([]);
    expect(fullForm(v2)).toEqual(fullForm(base));
  });

  it('moves an alias claim when the served definition changes', () => {
    const aliased = svc('sc2', 'orders', { alias: 'shop', rev: 2 });
    const v1 = applyChange(base, { kind: 'put-service', source: SC2, record: aliased });
    expect(pget(v1.aliases, 'default/default//app/shop')!.claims).toEqual([{ keyText: 'default/default//app/orders/1.0.0', global: true, local: false }]);
    const v2 = applyChange(v1, { kind: 'put-service', source: SC2, record: s2 });
    expect(pget(v2.aliases, 'default/default//app/shop')).toBeUndefined();
  });

  it('ignores record changes for a source the view does not know', () => {
    expect(applyChange(base, { kind: 'put-instance', source: { cluster: 'sc7', kind: 'k8s' }, record: inst('sc7', s2, 'x') })).toEqual(
      expect.objectContaining({ services: base.services }),
    );
  });

  it('adds and removes whole sources', () => {
    const s3 = svc('sc3', 'orders');
    const v1 = applyChange(base, { kind: 'replace', state: peer('sc3', { services: [s3], instances: [inst('sc3', s3, 'i3')] }) });
    expect(instanceIds(entry(v1, 'orders')!.global)).toEqual(['i1', 'i3']);
    const v2 = applyChange(v1, { kind: 'remove', source: { cluster: 'sc3', kind: 'servicecenter' } });
    expect(fullForm(v2)).toEqual(fullForm(base));
  });

  it('builds the same view from an empty one by a stream of changes', () => {
    const streamed = applyChanges(emptyView(POLICY, T0), [
      { kind: 'replace', state: local({}) },
      { kind: 'replace', state: peer('sc2', {}) },
      { kind: 'put-service', source: SC2, record: s2 },
      { kind: 'put-instance', source: SC2, record: inst('sc2', s2, 'i1') },
    ]);
    expect(fullForm(streamed)).toEqual(fullForm(base));
  });

  it('advances time with tick: only sources whose freshness changes are recomputed', () => {
    const silent = applyChange(base, { kind: 'health', source: SC2, health: { status: 'unreachable', lastConfirmed: T0 } });
    const later = applyChange(silent, { kind: 'tick', now: T0 + POLICY.demoteAfter });
    expect(entry(later, 'orders')!.global!.instances[0]).toMatchObject({ stale: true, demoted: true });
    expect(applyChange(later, { kind: 'tick', now: T0 + POLICY.demoteAfter + 1 }).services).toBe(later.services);
  });
});
