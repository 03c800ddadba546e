import { merge } from './merge';
import { applyChange } from './apply-change';
import { conflictsOf, serviceEntriesById, serviceEntryOf, sourceStateOf } from './view';
import { POLICY, T, T0, local, peer, svc, SELF } from '../__tests__/aggregate-fixtures';

describe('view accessors', () => {
  const a = svc('sc2', 'orders', { serviceId: 'id-a', timestamp: '100' });
  const b = svc('sc3', 'orders', { serviceId: 'id-b', timestamp: '200' });
  const other = svc('sc2', 'billing', { alias: 'pay' });
  const { view } = merge([peer('sc2', { services: [a, other] }), peer('sc3', { services: [b] }), local({})], POLICY, T0);

  it('finds a logical service by any serviceId it is served under', () => {
    expect(serviceEntriesById(view, T, 'id-a').map((e) => e.keyText)).toEqual(['default/default//app/orders/1.0.0']);
    expect(serviceEntriesById(view, T, 'id-b')).toEqual(serviceEntriesById(view, T, 'id-a'));
    expect(serviceEntriesById(view, T, 'nope')).toEqual([]);
  });

  it('forgets an id when no served definition uses it any more', () => {
    const after = applyChange(view, { kind: 'delete-service', source: { cluster: 'sc3', kind: 'servicecenter' }, tenant: T, serviceId: 'id-b' });
    expect(serviceEntriesById(after, T, 'id-b')).toEqual([]);
    expect(serviceEntriesById(after, T, 'id-a')).toHaveLength(1);
  });

  it('lists conflicts in a stable order and reads source states by id', () => {
    expect(conflictsOf(view).map((c) => c.id)).toEqual(['service-id default/default//app/orders/1.0.0']);
    expect(sourceStateOf(view, { cluster: SELF, kind: 'local' })?.source.cluster).toBe(SELF);
    expect(serviceEntryOf(view, 'default/default//app/billing/1.0.0')?.global?.definition.record.service.alias).toBe('pay');
  });
});
