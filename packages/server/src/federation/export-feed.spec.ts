import type { StreamEvent } from '@service-center/core';
import { ExportFeed } from './export-feed';

const del = (instanceId: string, appId = 'app'): StreamEvent => ({
  key: { domain: 'default', project: 'default', environment: '', appId, serviceName: 'svc', version: '1.0.0' },
  kind: 'instance',
  action: 'DELETE',
  domain: 'default',
  project: 'default',
  serviceId: 's1',
  instanceId,
  origin: 'sc9',
  rev: 0,
});

describe('ExportFeed', () => {
  test('numbers events and returns those after a position', async () => {
    const feed = new ExportFeed('sc1');
    feed.publish([del('a'), del('b')]);
    feed.publish([del('c')]);
    const all = await feed.read(feed.epoch, 0, 0);
    expect(all.events.map((e) => [e.seq, e.instanceId, e.action])).toEqual([
      [1, 'a', 'DELETE'],
      [2, 'b', 'DELETE'],
      [3, 'c', 'DELETE'],
    ]);
    expect(all.seq).toBe(3);
    expect(all.cluster).toBe('sc1');
    const after2 = await feed.read(feed.epoch, 2, 0);
    expect(after2.events.map((e) => e.instanceId)).toEqual(['c']);
    expect((await feed.read(feed.epoch, 3, 0)).events).toEqual([]);
  });

  test('another epoch, a future position or one that fell out of the ring means reset', async () => {
    const feed = new ExportFeed('sc1', 2);
    feed.publish([del('a'), del('b'), del('c')]);
    expect((await feed.read('other-epoch', 0, 0)).reset).toBe(true);
    expect((await feed.read(feed.epoch, 99, 0)).reset).toBe(true);
    expect((await feed.read(feed.epoch, 0, 0)).reset).toBe(true);
    const ok = await feed.read(feed.epoch, 1, 0);
    expect(ok.reset).toBeUndefined();
    expect(ok.events.map((e) => e.instanceId)).toEqual(['b', 'c']);
  });

  test('a long poll waits for the next change, or answers empty at its deadline', async () => {
    const feed = new ExportFeed('sc1');
    const started = Date.now();
    const pending = feed.read(feed.epoch, 0, 5000);
    setTimeout(() => feed.publish([del('x')]), 50);
    const r = await pending;
    expect(r.events.map((e) => e.instanceId)).toEqual(['x']);
    expect(Date.now() - started).toBeLessThan(2000);
    const empty = await feed.read(feed.epoch, 1, 100);
    expect(empty.events).toEqual([]);
    expect(empty.seq).toBe(1);
  });

  test('limit caps a batch; the position says where to continue', async () => {
    const feed = new ExportFeed('sc1');
    feed.publish(['a', 'b', 'c', 'd'].map((id) => del(id)));
    const first = await feed.read(feed.epoch, 0, 0, 2);
    expect(first.events.map((e) => e.instanceId)).toEqual(['a', 'b']);
    expect(first.seq).toBe(2);
    const rest = await feed.read(feed.epoch, first.seq, 0, 2);
    expect(rest.events.map((e) => e.instanceId)).toEqual(['c', 'd']);
  });

  test('a reader scope filters events (the key stays off the wire) and skips what it filtered', async () => {
    const feed = new ExportFeed('sc1');
    feed.publish([del('a', 'shop'), del('b', 'ops'), del('c', 'shop')]);
    const scope = () => ({ allow: (k: { appId: string }) => k.appId === 'shop', id: 's1' });
    const r = await feed.read(feed.epoch, 0, 0, 10_000, undefined, scope);
    expect(r.events.map((e) => e.instanceId)).toEqual(['a', 'c']);
    expect(r.exportScope).toBe('s1');
    expect(r.events[0]).not.toHaveProperty('key');
    const limited = await feed.read(feed.epoch, 0, 0, 2, undefined, scope);
    expect(limited.events.map((e) => e.instanceId)).toEqual(['a']);
    expect(limited.seq).toBe(2);
  });

  test('rescope answers a held long poll at once, with the new scope id', async () => {
    const feed = new ExportFeed('sc1');
    let id = 'old';
    const started = Date.now();
    const polled = feed.read(feed.epoch, 0, 30_000, 10_000, undefined, () => ({ id }));
    id = 'new';
    feed.rescope();
    const r = await polled;
    expect(r.exportScope).toBe('new');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
