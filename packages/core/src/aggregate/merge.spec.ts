import { merge } from './merge';
import { POLICY, SELF, T0, entry, inst, instanceIds, local, peer, src, svc, summary, tags } from '../__tests__/aggregate-fixtures';

describe('merge: one logical service per identity key (rule 1)', () => {
  it('merges the same key and id from two clusters into one service with both clusters\' instances (SC kubeclusters case)', () => {
    const a = svc('sc1', 'orders');
    const b = svc('sc2', 'orders');
    const { view, conflicts } = merge(
      [local({ services: [a], instances: [inst('sc1', a, 'i1')] }), peer('sc2', { services: [b], instances: [inst('sc2', b, 'i2')] })],
      POLICY,
      T0,
    );
    const e = entry(view, 'orders')!;
    expect(instanceIds(e.global)).toEqual(['i1', 'i2']);
    expect(e.global!.instances.map((i) => i.origin)).toEqual(['sc1', 'sc2']);
    expect(e.serviceIds).toEqual([a.service.serviceId]);
    expect(e.origins).toEqual(['sc1', 'sc2']);
    expect(conflicts).toEqual([]);
  });

  it('keeps different versions as different services', () => {
    const v1 = svc('sc2', 'orders', { version: '1.0.0' });
    const v2 = svc('sc2', 'orders', { version: '2.0.0' });
    const { view } = merge([peer('sc2', { services: [v1, v2] })], POLICY, T0);
    expect(entry(view, 'orders', '1.0.0')).toBeDefined();
    expect(entry(view, 'orders', '2.0.0')).toBeDefined();
  });

  it('tags every instance with its origin, not with the neighbour it came through', () => {
    const s3 = svc('sc3', 'pay');
    const { view } = merge([peer('sc2', { services: [s3], instances: [inst('sc3', s3, 'i3')] })], POLICY, T0);
    expect(entry(view, 'pay')!.global!.instances[0].origin).toBe('sc3');
  });

  it('serves nothing for instances whose service no source defines (orphans)', () => {
    const s = svc('sc2', 'ghost');
    const { view } = merge([peer('sc2', { instances: [inst('sc2', s, 'i1')] })], POLICY, T0);
    expect(entry(view, 'ghost')).toBeUndefined();
  });
});

describe('merge: conflicts and the winner rule (rules 2-3)', () => {
  it('reports the same key with different serviceIds; the oldest timestamp wins', () => {
    const a = svc('sc2', 'orders', { serviceId: 'id-b', timestamp: '200' });
    const b = svc('sc3', 'orders', { serviceId: 'id-a', timestamp: '100' });
    const { view, conflicts } = merge([peer('sc2', { services: [a] }), peer('sc3', { services: [b] })], POLICY, T0);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      kind: 'service-id',
      clusters: ['sc2', 'sc3'],
      winner: 'sc3',
      serviceIds: ['id-a', 'id-b'],
      winnerServiceId: 'id-a',
    });
    expect(conflicts[0].reason).toMatch(/oldest creation timestamp 100/);
    expect(entry(view, 'orders')!.global!.definition.serviceId).toBe('id-a');
    expect(entry(view, 'orders')!.serviceIds).toEqual(['id-a', 'id-b']);
  });

  it('breaks a timestamp tie by the smallest cluster name, whatever the input order', () => {
    const a = svc('sc3', 'orders', { serviceId: 'x', timestamp: '100' });
    const b = svc('sc2', 'orders', { serviceId: 'y', timestamp: '100' });
    for (const inputs of [
      [peer('sc3', { services: [a] }), peer('sc2', { services: [b] })],
      [peer('sc2', { services: [b] }), peer('sc3', { services: [a] })],
    ]) {
      const { conflicts, view } = merge(inputs, POLICY, T0);
      expect(conflicts[0].winner).toBe('sc2');
      expect(conflicts[0].reason).toMatch(/smallest cluster name/);
      expect(entry(view, 'orders')!.global!.definition.serviceId).toBe('y');
    }
  });

  it('treats a missing timestamp as the newest', () => {
    const a = svc('sc2', 'orders', { serviceId: 'x', timestamp: undefined });
    const b = svc('sc3', 'orders', { serviceId: 'y', timestamp: '999' });
    const { conflicts } = merge([peer('sc2', { services: [a] }), peer('sc3', { services: [b] })], POLICY, T0);
    expect(conflicts[0].winner).toBe('sc3');
  });

  it('reports the same key and id with a different definition, naming the fields', () => {
    const a = svc('sc2', 'orders', { level: 'FRONT', timestamp: '100', framework: { name: 'java' } });
    const b = svc('sc3', 'orders', { level: 'BACK', timestamp: '200', framework: { name: 'go' } });
    const { view, conflicts } = merge([peer('sc2', { services: [a] }), peer('sc3', { services: [b] })], POLICY, T0);
    expect(conflicts).toEqual([
      expect.objectContaining({ kind: 'definition', fields: ['framework', 'level'], winner: 'sc2', clusters: ['sc2', 'sc3'] }),
    ]);
    expect(entry(view, 'orders')!.global!.definition.record.service.level).toBe('FRONT');
  });

  it('compares tags and schema summaries as part of the definition', () => {
    const a = svc('sc2', 'orders', { timestamp: '100' });
    const b = svc('sc3', 'orders', { timestamp: '200' });
    const { conflicts } = merge(
      [
        peer('sc2', { services: [a], tags: [tags('sc2', a, { team: 'x' })], summaries: [summary('sc2', a, 's1', 'aaa')] }),
        peer('sc3', { services: [b], tags: [tags('sc3', b, { team: 'y' })], summaries: [summary('sc3', b, 's1', 'bbb')] }),
      ],
      POLICY,
      T0,
    );
    expect(conflicts[0]).toMatchObject({ kind: 'definition', fields: ['summaries', 'tags'] });
  });

  it('does not count registration times or empty-vs-absent fields as differences', () => {
    const a = svc('sc2', 'orders', { timestamp: '100', modTimestamp: '150', description: '' });
    const b = svc('sc3', 'orders', { timestamp: '200', modTimestamp: '250', properties: {} });
    expect(merge([peer('sc2', { services: [a] }), peer('sc3', { services: [b] })], POLICY, T0).conflicts).toEqual([]);
  });

  it('reports the same instanceId from two clusters with different content; the oldest wins', () => {
    const a = svc('sc2', 'orders');
    const b = svc('sc3', 'orders');
    const ia = inst('sc2', a, 'dup', { timestamp: '300', hostName: 'h-a' });
    const ib = inst('sc3', b, 'dup', { timestamp: '200', hostName: 'h-b' });
    const { view, conflicts } = merge([peer('sc2', { services: [a], instances: [ia] }), peer('sc3', { services: [b], instances: [ib] })], POLICY, T0);
    expect(conflicts).toEqual([
      expect.objectContaining({ kind: 'instance', instanceId: 'dup', fields: ['hostName'], winner: 'sc3' }),
    ]);
    const served = entry(view, 'orders')!.global!.instances;
    expect(served).toHaveLength(1);
    expect(served[0]).toMatchObject({ origin: 'sc3', instance: expect.objectContaining({ hostName: 'h-b' }) });
  });

  it('merges the same instance relayed by two peers without a conflict, keeping the newest revision', () => {
    const s = svc('sc3', 'orders');
    const old = inst('sc3', s, 'i1', { rev: 1, status: 'UP' });
    const fresh = inst('sc3', s, 'i1', { rev: 2, status: 'DOWN' });
    const { view, conflicts } = merge(
      [peer('sc2', { services: [s], instances: [old] }), peer('sc3', { services: [s], instances: [fresh] })],
      POLICY,
      T0,
    );
    expect(conflicts).toEqual([]);
    expect(entry(view, 'orders')!.global!.instances).toEqual([expect.objectContaining({ rev: 2, instance: fresh.instance })]);
  });

  it('reports alias collisions between different services; the winner owns the alias', () => {
    const a = svc('sc2', 'orders', { alias: 'shop', timestamp: '100' });
    const b = svc('sc3', 'billing', { alias: 'shop', timestamp: '50' });
    const { conflicts } = merge([peer('sc2', { services: [a] }), peer('sc3', { services: [b] })], POLICY, T0);
    expect(conflicts).toEqual([
      expect.objectContaining({
        kind: 'alias',
        key: expect.objectContaining({ serviceName: 'shop', version: '1.0.0' }),
        clusters: ['sc2', 'sc3'],
        winner: 'sc3',
        winnerService: 'default/default//app/billing/1.0.0',
      }),
    ]);
  });

  it('does not report one alias used by different versions', () => {
    const a = svc('sc2', 'orders', { alias: 'shop', version: '1.0.0' });
    const b = svc('sc3', 'billing', { alias: 'shop', version: '2.0.0' });
    expect(merge([peer('sc2', { services: [a] }), peer('sc3', { services: [b] })], POLICY, T0).conflicts).toEqual([]);
  });

  it('gives every server of the federation the same winner', () => {
    const r1 = svc('sc1', 'orders', { serviceId: 'one', timestamp: '300' });
    const r2 = svc('sc2', 'orders', { serviceId: 'two', timestamp: '100' });
    const onSc1 = merge([local({ services: [r1] }), peer('sc2', { services: [r2] })], POLICY, T0);
    const onSc2 = merge([src('sc2', 'local', { services: [r2] }), peer('sc1', { services: [r1] })], { ...POLICY, self: 'sc2' }, T0);
    expect(onSc1.conflicts).toEqual(onSc2.conflicts);
    expect(entry(onSc1.view, 'orders')!.global!.definition.serviceId).toBe('two');
    // Reads without `global` still see this server's own data only.
    expect(entry(onSc1.view, 'orders')!.local!.definition.serviceId).toBe('one');
  });
});

describe('merge: no echo (rule 4)', () => {
  it('drops records whose origin is this server when a peer sends them back (SC syncer case 10)', () => {
    const mine = svc(SELF, 'orders');
    const { view } = merge([peer('sc2', { services: [mine], instances: [inst(SELF, mine, 'i1')] })], POLICY, T0);
    expect(entry(view, 'orders')).toBeUndefined();
  });

  it('keeps the peer\'s copy of a key when the echo carries the same key (SC syncer case 11)', () => {
    const mine = svc(SELF, 'orders');
    const theirs = svc('sc2', 'orders');
    const { view } = merge(
      [peer('sc2', { services: [mine] }), peer('sc3', { services: [theirs], instances: [inst('sc2', theirs, 'i2')] })],
      POLICY,
      T0,
    );
    expect(entry(view, 'orders')!.global!.definition.origin).toBe('sc2');
  });

  it('keeps own-origin records from this server\'s local and k8s sources', () => {
    const a = svc(SELF, 'orders');
    const k = svc(SELF, 'pods-svc');
    const { view } = merge([local({ services: [a] }), src(SELF, 'k8s', { services: [k], instances: [inst(SELF, k, 'p1')] })], POLICY, T0);
    expect(entry(view, 'orders')!.local).toBeDefined();
    expect(instanceIds(entry(view, 'pods-svc')!.local)).toEqual(['p1']);
  });

  it('places a peer\'s own instances under our echoed service (the echo only anchors the key)', () => {
    const mine = svc(SELF, 'orders');
    const { view } = merge(
      [local({ services: [mine], instances: [inst(SELF, mine, 'i1')] }), peer('sc2', { services: [mine], instances: [inst(SELF, mine, 'i1'), inst('sc2', mine, 'i2')] })],
      POLICY,
      T0,
    );
    const e = entry(view, 'orders')!;
    expect(e.global!.instances.map((i) => [i.instanceId, i.origin])).toEqual([
      ['i1', SELF],
      ['i2', 'sc2'],
    ]);
    expect(instanceIds(e.local)).toEqual(['i1']);
  });

  it('keeps the first origin across a chain sc1 -> sc2 -> sc3', () => {
    const s = svc('sc1', 'orders');
    const onSc3 = merge([peer('sc2', { services: [s], instances: [inst('sc1', s, 'i1')] })], { ...POLICY, self: 'sc3' }, T0);
    expect(entry(onSc3.view, 'orders')!.global!.instances[0].origin).toBe('sc1');
  });
});
