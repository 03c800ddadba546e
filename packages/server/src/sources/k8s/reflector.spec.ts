import { FakeClock, settle } from '../../__tests__/fake-clock';
import { FakeListerWatcher } from '../../__tests__/fake-lister-watcher';
import type { K8sPod } from './objects';
import { keyOf } from './objects';
import { ChangeType, Reflector } from './reflector';

const pod = (name: string, phase = 'Running'): K8sPod => ({ metadata: { name, namespace: 'ns', uid: `uid-${name}` }, status: { phase } });

type Seen = { replaced: string[][]; changes: [ChangeType, string, string | undefined, string | undefined][]; failures: string[] };

function setup(opts: { random?: number } = {}) {
  const clock = new FakeClock();
  const lw = new FakeListerWatcher<K8sPod>('pods');
  const seen: Seen = { replaced: [], changes: [], failures: [] };
  const reflector = new Reflector<K8sPod>(
    lw,
    {
      replaced: (store) => seen.replaced.push([...store.keys()].sort()),
      changed: (type, key, o, prev) => seen.changes.push([type, key, o.status?.phase, prev?.status?.phase]),
      failed: (err) => seen.failures.push((err as Error).message),
    },
    { keyOf, now: clock.now, sleep: clock.sleep, random: () => opts.random ?? 0.5, minWatchTimeoutMs: 60_000, healthyResetMs: 120_000 },
  );
  const abort = new AbortController();
  const done = reflector.run(abort.signal);
  const stop = async () => {
    abort.abort();
    await done;
  };
  return { clock, lw, seen, reflector, stop };
}

describe('Reflector', () => {
  test('lists, replaces the store, then applies watch events in order from the list revision', async () => {
    const { lw, seen, reflector, stop } = setup();
    lw.seed(pod('a'), pod('b'));
    await settle();
    expect(seen.replaced).toEqual([['ns/a', 'ns/b']]);
    expect(lw.watchedFrom).toEqual([String(lw.currentRevision)]);
    lw.add(pod('c', 'Pending'));
    lw.modify(pod('c', 'Running'));
    lw.delete(pod('a'));
    await settle();
    expect(seen.changes).toEqual([
      ['ADDED', 'ns/c', 'Pending', undefined],
      ['MODIFIED', 'ns/c', 'Running', 'Pending'],
      ['DELETED', 'ns/a', 'Running', 'Running'],
    ]);
    expect([...reflector.items().keys()].sort()).toEqual(['ns/b', 'ns/c']);
    expect(reflector.snapshotStatus()).toMatchObject({ synced: true, ok: true, revision: String(lw.currentRevision), lists: 1, events: 3 });
    await stop();
  });

  test('a dropped watch is re-opened from the last revision without a relist', async () => {
    const { lw, seen, stop } = setup();
    lw.seed(pod('a'));
    await settle();
    lw.add(pod('b'));
    await settle();
    const after = String(lw.currentRevision);
    lw.dropWatches();
    await settle();
    lw.add(pod('c'));
    await settle();
    expect(lw.lists).toBe(1);
    expect(lw.watchedFrom.slice(1)).toEqual([after]);
    expect(seen.changes.map((c) => c[1])).toEqual(['ns/b', 'ns/c']);
    expect(seen.failures).toEqual([]);
    await stop();
  });

  test('410 on re-watch (history compacted) relists at once, and the relist is the new truth', async () => {
    const { clock, lw, seen, reflector, stop } = setup();
    lw.seed(pod('a'), pod('b'));
    await settle();
    await clock.advance(2_000); // a watch that lived a while: re-opened at once when dropped
    lw.dropWatches();
    lw.compact();
    lw.seed(pod('c')); // changed while no watch was open, and the history to get there is gone
    await settle(); // the re-watch fails with 410 -> relist
    expect(lw.lists).toBe(2);
    expect(seen.failures).toEqual([]);
    expect(seen.replaced).toEqual([
      ['ns/a', 'ns/b'],
      ['ns/a', 'ns/b', 'ns/c'],
    ]);
    expect(reflector.snapshotStatus()).toMatchObject({ expired: 1, failures: 0, ok: true });
    expect(lw.openWatches).toBe(1);
    await stop();
  });

  test('a watch the server closes at once with nothing in it backs off before re-opening', async () => {
    const { clock, lw, stop } = setup({ random: 0.5 });
    lw.seed(pod('a'));
    await settle();
    lw.dropWatches();
    await settle();
    expect(lw.watches).toBe(1);
    expect(clock.sleeps[clock.sleeps.length - 1]).toBe(800);
    await clock.advance(800);
    expect(lw.watches).toBe(2);
    expect(lw.lists).toBe(1);
    await stop();
  });

  test('a failing list is reported, keeps the store, backs off with growing jittered waits, then recovers', async () => {
    const { clock, lw, seen, reflector, stop } = setup({ random: 0.5 });
    lw.seed(pod('a'));
    await settle();
    lw.compact();
    lw.breakWatches(new Error('socket hang up'));
    lw.failLists(3);
    await settle();
    expect(seen.failures).toEqual(['socket hang up']);
    expect([...reflector.items().keys()]).toEqual(['ns/a']); // a failure is never an empty list
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      waits.push(clock.sleeps[clock.sleeps.length - 1]);
      await clock.advance(60_000);
    }
    // Three list failures and one watch failure: each waits longer (0.8 s doubling; random 0.5 is the middle of ±50 %).
    expect(waits).toEqual([800, 1600, 3200]);
    expect(seen.failures).toEqual(['socket hang up', 'connection refused', 'connection refused', 'connection refused']);
    await clock.advance(60_000);
    expect(reflector.snapshotStatus()).toMatchObject({ ok: true, lists: 2, failures: 4 });
    expect(seen.replaced).toHaveLength(2);
    await stop();
  });

  test('the watch is closed by a randomized timeout and re-opened from its revision', async () => {
    const { clock, lw, stop } = setup({ random: 0.25 });
    lw.seed(pod('a'));
    await settle();
    expect(clock.sleeps).toEqual([75_000]); // 60 s x (1 + 0.25)
    await clock.advance(74_000);
    expect(lw.watches).toBe(1);
    await clock.advance(1_000);
    expect(lw.watches).toBe(2);
    expect(lw.lists).toBe(1);
    expect(lw.watchedFrom).toEqual([String(lw.currentRevision), String(lw.currentRevision)]);
    await stop();
  });

  test('the backoff starts over after a healthy period', async () => {
    const { clock, lw, stop } = setup({ random: 0.5 });
    lw.seed(pod('a'));
    lw.failLists(2);
    await settle();
    await clock.advance(800);
    await clock.advance(1600); // listed now
    lw.breakWatches();
    await settle();
    expect(clock.sleeps[clock.sleeps.length - 1]).toBe(3200); // still growing: healthy for 0 s
    await clock.advance(60_000);
    await clock.advance(200_000); // healthy for long
    lw.breakWatches();
    await settle();
    expect(clock.sleeps[clock.sleeps.length - 1]).toBe(800);
    await stop();
  });

  test('stop ends the loop and closes the watch', async () => {
    const { lw, stop } = setup();
    lw.seed(pod('a'));
    await settle();
    expect(lw.openWatches).toBe(1);
    await stop();
    expect(lw.openWatches).toBe(0);
  });
});
