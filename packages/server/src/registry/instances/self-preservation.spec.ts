import { DEFAULT_TENANT, KeyPrefix, etcdKey } from '@service-center/core';
import { MemoryKv } from '../../store/memory/memory-kv';
import { InstanceChange, InstanceView } from './self-preservation';

/** The view over an in-memory store with a hand-moved clock: no sleeps. */
function setup() {
  let t = 1_000_000;
  const clock = { now: () => t, advance: (ms: number) => (t += ms) };
  const store = new MemoryKv({ now: clock.now, sweepMs: 0 });
  const view = new InstanceView(store, { now: clock.now, tickMs: 0 });
  const changes: InstanceChange[] = [];
  view.onChange((c) => changes.push(c));
  const add = async (instanceId: string, interval = 5, times = 3) => {
    const lease = await store.grantLease(interval * (times + 1));
    const value = { serviceId: 's1', instanceId, hostName: 'h', healthCheck: { mode: 'push', interval, times } };
    await store.txn({
      success: [
        { kind: 'put', key: etcdKey.instance(DEFAULT_TENANT, 's1', instanceId), value, lease },
        { kind: 'put', key: etcdKey.lease(DEFAULT_TENANT, 's1', instanceId), value: String(lease), lease },
      ],
    });
    return lease;
  };
  const visible = () => view.instances(DEFAULT_TENANT, 's1').map((i) => i.instance.instanceId);
  const actions = (action: InstanceChange['action']) => changes.filter((c) => c.action === action).map((c) => c.instanceId);
  return { clock, store, view, changes, add, visible, actions };
}

describe('self-preservation view', () => {
  test('a mass expiry (>= 80% of > 5 instances) is held: visible, no DELETE, until each TTL elapses again', async () => {
    const s = setup();
    for (let i = 0; i < 10; i++) await s.add(`i${i}`); // TTL 20 s each
    s.clock.advance(21_000);
    expect(s.store.expireLeases()).toBe(10);
    expect(s.store.range(etcdKey.instance(DEFAULT_TENANT, 's1', ''))).toHaveLength(0);
    expect(s.visible()).toHaveLength(10);
    expect((s.view.instanceKv(DEFAULT_TENANT, 's1', 'i3')?.value as { instanceId?: string } | undefined)?.instanceId).toBe('i3');
    s.clock.advance(2_000);
    s.view.tick();
    expect(s.view.isPreserving()).toBe(true);
    expect(s.visible()).toHaveLength(10);
    expect(s.actions('DELETE')).toEqual([]);
    s.clock.advance(17_000); // 19 s after the expiry: still held
    s.view.tick();
    expect(s.visible()).toHaveLength(10);
    s.clock.advance(1_000); // 20 s: each one's TTL has elapsed again
    s.view.tick();
    expect(s.visible()).toEqual([]);
    expect(s.actions('DELETE').sort()).toEqual(Array.from({ length: 10 }, (_, i) => `i${i}`).sort());
    expect(s.view.isPreserving()).toBe(false);
  });

  test('reader batches leave a held expiry out and bring its release as DELETEs of their own', async () => {
    const s = setup();
    const batches: { revision: number; events: { type: string; key: string }[] }[] = [];
    s.view.subscribe((b) => batches.push({ revision: b.revision, events: b.events.map((e) => ({ type: e.type, key: e.kv.key })) }));
    for (let i = 0; i < 10; i++) await s.add(`i${i}`);
    expect(batches).toHaveLength(10); // each registration passes as committed
    batches.length = 0;
    s.clock.advance(21_000);
    expect(s.store.expireLeases()).toBe(10);
    // The lease keys' deletions pass; the instances' do not while held.
    expect(batches.flatMap((b) => b.events).filter((e) => e.key.startsWith(KeyPrefix.instance))).toEqual([]);
    s.clock.advance(2_000);
    s.view.tick();
    expect(s.view.isPreserving()).toBe(true);
    batches.length = 0;
    s.clock.advance(18_000);
    s.view.tick();
    expect(batches).toHaveLength(1);
    expect(batches[0].events.map((e) => e.type)).toEqual(Array(10).fill('DELETE'));
    expect(batches[0].events.map((e) => e.key).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => etcdKey.instance(DEFAULT_TENANT, 's1', `i${i}`)).sort(),
    );
  });

  test('a small expiry is held only for the decision window, then DELETE is published', async () => {
    const s = setup();
    for (let i = 0; i < 9; i++) await s.add(`long${i}`, 30, 3);
    await s.add('short', 5, 3);
    s.clock.advance(21_000);
    expect(s.store.expireLeases()).toBe(1);
    expect(s.visible()).toContain('short'); // held during the window, as SC defers it
    s.clock.advance(1_999);
    s.view.tick();
    expect(s.actions('DELETE')).toEqual([]);
    s.clock.advance(1);
    s.view.tick();
    expect(s.actions('DELETE')).toEqual(['short']);
    expect(s.visible()).not.toContain('short');
    expect(s.view.isPreserving()).toBe(false);
  });

  test('with 5 or fewer instances cached there is no preservation', async () => {
    const s = setup();
    for (let i = 0; i < 5; i++) await s.add(`i${i}`);
    s.clock.advance(21_000);
    s.store.expireLeases();
    s.clock.advance(2_000);
    s.view.tick();
    expect(s.view.isPreserving()).toBe(false);
    expect(s.visible()).toEqual([]);
    expect(s.actions('DELETE')).toHaveLength(5);
  });

  test('a CREATE of a held key releases it (no DELETE); explicit deletes pass at once', async () => {
    const s = setup();
    for (let i = 0; i < 10; i++) await s.add(`i${i}`);
    s.clock.advance(21_000);
    s.store.expireLeases();
    s.clock.advance(2_000);
    s.view.tick();
    expect(s.view.isPreserving()).toBe(true);
    await s.add('i0'); // the client registers again with the same id
    expect(s.actions('CREATE').filter((id) => id === 'i0')).toHaveLength(2);
    expect(s.view.heldCount()).toBe(9);
    const lease = await s.add('fresh');
    await s.store.revokeLease(lease);
    expect(s.actions('DELETE')).toEqual(['fresh']);
    s.clock.advance(20_000);
    s.view.tick();
    expect(s.actions('DELETE').filter((id) => id === 'i0')).toEqual([]);
    expect(s.visible()).toEqual(['i0']);
  });

  test('while preserving, later expiries are held too, each for its own TTL', async () => {
    const s = setup();
    for (let i = 0; i < 8; i++) await s.add(`i${i}`); // TTL 20 s
    await s.add('later', 10, 3); // TTL 40 s
    await s.add('long', 300, 3); // TTL 1200 s
    s.clock.advance(21_000);
    expect(s.store.expireLeases()).toBe(8); // 8 of 10: 80%
    s.view.tick();
    expect(s.view.isPreserving()).toBe(true);
    s.clock.advance(20_000); // 41 s: 'later' expires while preserving; the first 8 are due
    expect(s.store.expireLeases()).toBe(1);
    s.view.tick();
    expect(s.visible().sort()).toEqual(['later', 'long']);
    expect(s.view.isPreserving()).toBe(true);
    s.clock.advance(39_999);
    s.view.tick();
    expect(s.visible().sort()).toEqual(['later', 'long']);
    s.clock.advance(1);
    s.view.tick();
    expect(s.visible()).toEqual(['long']);
    expect(s.view.isPreserving()).toBe(false);
  });

  test('a hold never exceeds 600 s', async () => {
    const s = setup();
    for (let i = 0; i < 6; i++) await s.add(`i${i}`, 300, 3); // TTL 1200 s
    s.clock.advance(1_200_000);
    expect(s.store.expireLeases()).toBe(6);
    s.view.tick();
    expect(s.view.isPreserving()).toBe(true);
    s.clock.advance(599_999);
    s.view.tick();
    expect(s.visible()).toHaveLength(6);
    s.clock.advance(1);
    s.view.tick();
    expect(s.visible()).toEqual([]);
  });

  test('UPDATE and CREATE are told apart', async () => {
    const s = setup();
    await s.add('a');
    const kv = s.store.get(etcdKey.instance(DEFAULT_TENANT, 's1', 'a'));
    await s.store.txn({ success: [{ kind: 'put', key: kv!.key, value: { ...(kv!.value as object), status: 'DOWN' }, lease: kv!.lease }] });
    expect(s.changes.map((c) => c.action)).toEqual(['CREATE', 'UPDATE']);
  });
});
