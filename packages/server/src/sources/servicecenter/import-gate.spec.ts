import type { SourceChange, SourceInput } from '@service-center/core';
import { ImportGate } from './import-gate';

const source = { cluster: 'sc2', kind: 'servicecenter' } as const;
const tenant = { domain: 'default', project: 'default' };
const service = (serviceId: string, appId: string): SourceChange => ({
  kind: 'put-service',
  source,
  record: { origin: 'sc2', rev: 1, tenant, service: { serviceId, appId, serviceName: serviceId, version: '1.0.0' } },
});
const instance = (serviceId: string, instanceId: string): SourceChange => ({
  kind: 'put-instance',
  source,
  record: { origin: 'sc2', rev: 1, tenant, instance: { serviceId, instanceId } },
});

describe('ImportGate', () => {
  test('no rules let everything through', () => {
    const gate = new ImportGate('sc2', []);
    const changes = [service('s1', 'ops'), instance('s1', 'i1')];
    expect(gate.changes(changes)).toEqual(changes);
  });

  test('stream changes pass only for services the rules accept, remembered across batches', () => {
    const gate = new ImportGate('sc2', [{ appId: 'shop', peers: ['sc2'] }]);
    expect(gate.changes([service('s1', 'shop'), service('s2', 'ops')]).map((c) => c.kind)).toEqual(['put-service']);
    expect(gate.changes([instance('s1', 'i1'), instance('s2', 'i2')])).toEqual([instance('s1', 'i1')]);
    // A deleted service's tag and summary deletes in the same batch still pass.
    const gone: SourceChange[] = [
      { kind: 'delete-service', source, tenant, serviceId: 's1' },
      { kind: 'delete-tags', source, tenant, serviceId: 's1' },
    ];
    expect(gate.changes(gone)).toEqual(gone);
  });

  test('rules bound to another peer let nothing through from this one; a snapshot seeds the known ids', () => {
    const gate = new ImportGate('sc2', [{ appId: 'shop', peers: ['sc3'] }]);
    const input: SourceInput = {
      ...source,
      health: { status: 'fresh', lastConfirmed: 1 },
      services: [{ origin: 'sc2', rev: 1, tenant, service: { serviceId: 's1', appId: 'shop', serviceName: 'a', version: '1' } }],
      instances: [{ origin: 'sc2', rev: 1, tenant, instance: { serviceId: 's1', instanceId: 'i1' } }],
    };
    expect(gate.snapshot(input).services).toEqual([]);
    gate.set([{ appId: 'shop' }]);
    expect(gate.snapshot(input).instances).toHaveLength(1);
    expect(gate.changes([instance('s1', 'i2')])).toHaveLength(1);
  });
});
