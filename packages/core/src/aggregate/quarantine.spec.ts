import { admit, release } from './quarantine';
import { merge } from './merge';
import { applyChange } from './apply-change';
import { diff } from './diff';
import type { InstanceRecord } from './snapshot';
import { POLICY, T0, entry, inst, instanceIds, peer, svc } from '../__tests__/aggregate-fixtures';

const s = svc('sc2', 'orders');
const ids = (n: number) => Array.from({ length: n }, (_, i) => `i${i}`);
const snap = (instanceIds: string[], at = T0) =>
  peer('sc2', { services: [s], instances: instanceIds.map((id): InstanceRecord => inst('sc2', s, id)) }, { status: 'fresh', lastConfirmed: at });

describe('quarantine of a mass withdrawal (rule 6)', () => {
  const full = admit(undefined, snap(ids(10)), POLICY, T0);

  it('accepts ordinary changes', () => {
    const next = admit(full, snap(ids(8)), POLICY, T0 + 1);
    expect(next.quarantine).toBeUndefined();
    expect(next.source.instanceCount).toBe(8);
  });

  it('quarantines a snapshot that withdraws >= 80% of >= quarantineMin instances and keeps serving the old records', () => {
    const q = admit(full, snap(['i0', 'i1']), POLICY, T0 + 1000);
    expect(q.quarantine).toMatchObject({ confirmations: 1, withdrawn: 8, of: 10, since: T0 + 1000 });
    const { view, sourceStates } = merge([q], POLICY, T0 + 1000);
    const served = entry(view, 'orders')!.global!.instances;
    expect(served.map((i) => i.instanceId)).toEqual(ids(10));
    expect(served.filter((i) => i.held).map((i) => i.instanceId)).toEqual(ids(10).slice(2));
    expect(served.find((i) => i.instanceId === 'i2')).toMatchObject({ stale: true, lastConfirmed: T0 });
    expect(sourceStates[0]).toMatchObject({ quarantined: true, quarantine: expect.objectContaining({ confirmations: 1, needed: 3 }) });
  });

  it('does not quarantine small sources', () => {
    const small = admit(undefined, snap(ids(4)), POLICY, T0);
    expect(admit(small, snap([]), POLICY, T0 + 1).quarantine).toBeUndefined();
  });

  it('accepts the withdrawal after quarantineConfirmations consecutive snapshots', () => {
    let st = admit(full, snap(['i0']), POLICY, T0 + 1);
    st = admit(st, snap(['i0']), POLICY, T0 + 2);
    expect(st.quarantine?.confirmations).toBe(2);
    expect(st.quarantine?.since).toBe(T0 + 1);
    st = admit(st, snap(['i0']), POLICY, T0 + 3);
    expect(st.quarantine).toBeUndefined();
    expect(instanceIds(entry(merge([st], POLICY, T0 + 3).view, 'orders')!.global)).toEqual(['i0']);
  });

  it('ends the quarantine when the instances come back', () => {
    const q = admit(full, snap(['i0']), POLICY, T0 + 1);
    const back = admit(q, snap(ids(10)), POLICY, T0 + 2);
    expect(back.quarantine).toBeUndefined();
  });

  it('is released explicitly', () => {
    const q = admit(full, snap(['i0']), POLICY, T0 + 1);
    expect(release(q).quarantine).toBeUndefined();
    expect(release(q).source).toBe(q.source);
  });

  it('treats an unreachable snapshot as a failure report, never as an empty list', () => {
    const failed = admit(full, peer('sc2', {}, { status: 'unreachable', lastConfirmed: T0 }), POLICY, T0 + 5);
    expect(failed.source.instanceCount).toBe(10);
    expect(failed.source.health.status).toBe('unreachable');
  });

  it('produces no DELETE while quarantined, and DELETEs once the withdrawal is accepted', () => {
    const v0 = merge([full], POLICY, T0).view;
    const q = admit(full, snap(['i0']), POLICY, T0 + 1);
    const v1 = applyChange(v0, { kind: 'replace', state: q });
    expect(diff(v0, v1)).toEqual([]);
    const v2 = applyChange(v1, { kind: 'replace', state: release(q) });
    expect(diff(v1, v2).filter((e) => e.action === 'DELETE')).toHaveLength(9);
  });

  it('holds a record deleted by a watch event while quarantined', () => {
    const q = admit(full, snap(ids(2)), POLICY, T0 + 1);
    const v = merge([q], POLICY, T0 + 1).view;
    const after = applyChange(v, { kind: 'delete-instance', source: { cluster: 'sc2', kind: 'servicecenter' }, tenant: s.tenant, serviceId: s.service.serviceId, instanceId: 'i0' });
    expect(entry(after, 'orders')!.global!.instances.find((i) => i.instanceId === 'i0')).toMatchObject({ held: true });
  });
});
