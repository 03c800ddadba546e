import { DEFAULT_TENANT, mergePolicy } from '@service-center/core';
import type { InstanceRecord, ServiceRecord, SourceInput } from '@service-center/core';
import { Aggregator } from './aggregator';
import { QuarantineAlarm } from './quarantine-alarm';
import { AlarmIds, AlarmRegistry } from '../registry/admin/alarms';

const service: ServiceRecord = { origin: 'sc2', rev: 1, tenant: DEFAULT_TENANT, service: { serviceId: 's1', appId: 'shop', serviceName: 'cart', version: '1.0.0' } };
const instance = (n: number): InstanceRecord => ({
  origin: 'sc2',
  rev: 10 + n,
  tenant: DEFAULT_TENANT,
  instance: { serviceId: 's1', instanceId: `i${n}`, hostName: `h${n}`, endpoints: [`rest://10.0.0.${n}:80`], status: 'UP' },
});
const snapshot = (count: number): SourceInput => ({
  cluster: 'sc2',
  kind: 'servicecenter',
  health: { status: 'fresh', lastConfirmed: Date.now() },
  services: [service],
  instances: Array.from({ length: count }, (_, n) => instance(n)),
});

describe('the quarantine alarm', () => {
  test('raised while a mass withdrawal is held, naming the source and how to release it; cleared on release; counted', () => {
    const agg = new Aggregator(mergePolicy('sc1', { quarantineMin: 10, quarantineShare: 0.8, quarantineConfirmations: 3 }), Date.now);
    const alarms = new AlarmRegistry();
    const watch = new QuarantineAlarm(agg, alarms);
    agg.replace(snapshot(20));
    expect(alarms.active(AlarmIds.SourceQuarantined)).toBeUndefined();
    agg.replace(snapshot(2));
    const raised = alarms.active(AlarmIds.SourceQuarantined);
    expect(raised?.fields.detail).toMatch(/sc2\/servicecenter withdrew 18 of 20 instances at once; held until 3 snapshots confirm it \(\d so far\) or POST \/v4\/default\/admin\/sources\/sc2\/release/);
    expect(raised?.fields.sources).toBe('sc2/servicecenter');
    expect(agg.releaseQuarantine({ cluster: 'sc2', kind: 'servicecenter' })).toBe(true);
    const after = alarms.list().find((a) => a.id === AlarmIds.SourceQuarantined);
    expect(after?.status).toBe('CLEARED');
    expect(watch.counts().get('sc2/servicecenter')).toBe(1);
    watch.close();
  });

  test('cleared when the withdrawal is confirmed by enough snapshots', () => {
    const agg = new Aggregator(mergePolicy('sc1', { quarantineMin: 10, quarantineShare: 0.8, quarantineConfirmations: 2 }), Date.now);
    const alarms = new AlarmRegistry();
    const watch = new QuarantineAlarm(agg, alarms);
    agg.replace(snapshot(20));
    agg.replace(snapshot(2));
    expect(alarms.active(AlarmIds.SourceQuarantined)).toBeDefined();
    for (let i = 0; i < 3 && agg.sources().some((s) => s.quarantined); i++) agg.replace(snapshot(2));
    expect(agg.sources().some((s) => s.quarantined)).toBe(false);
    expect(alarms.active(AlarmIds.SourceQuarantined)).toBeUndefined();
    watch.close();
  });
});
