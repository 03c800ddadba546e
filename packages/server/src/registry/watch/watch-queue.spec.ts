import { WatchQueue, resyncFrame } from './watch-queue';

const key = (name: string) => JSON.stringify({ tenant: 'default/default', appId: 'app', serviceName: name });
const frame = (provider: string, instanceId: string, action: string) => ({
  text: `{"action":"${action}","key":${key(provider)},"instance":{"instanceId":"${instanceId}"}}`,
  providerKey: key(provider),
  instanceId,
});
const drain = (q: WatchQueue) => {
  const out: string[] = [];
  for (let f = q.shift(); f; f = q.shift()) out.push(f.text);
  return out;
};

describe('WatchQueue', () => {
  test('a newer change of an instance replaces its queued one, which moves to the back', () => {
    const q = new WatchQueue(10);
    expect(q.push(frame('p', 'i1', 'CREATE'), 0n)).toEqual({ dropped: 0, resynced: false });
    q.push(frame('p', 'i2', 'CREATE'), 0n);
    expect(q.push(frame('p', 'i1', 'DELETE'), 0n)).toEqual({ dropped: 1, resynced: false });
    expect(drain(q)).toEqual([frame('p', 'i2', 'CREATE').text, frame('p', 'i1', 'DELETE').text]);
  });

  test('the same instance id under another provider is another instance', () => {
    const q = new WatchQueue(10);
    q.push(frame('p', 'i1', 'CREATE'), 0n);
    q.push(frame('r', 'i1', 'CREATE'), 0n);
    expect(q.size).toBe(2);
  });

  test('past the limit the queue becomes one RESYNC per provider concerned, and later changes queue after it', () => {
    const q = new WatchQueue(3);
    q.push(frame('p', 'i1', 'UPDATE'), 0n);
    q.push(frame('r', 'i2', 'UPDATE'), 0n);
    q.push(frame('p', 'i3', 'UPDATE'), 0n);
    expect(q.push(frame('s', 'i4', 'UPDATE'), 0n)).toEqual({ dropped: 4, resynced: true });
    q.push(frame('p', 'i5', 'DELETE'), 0n);
    expect(drain(q)).toEqual([resyncFrame(key('s')), resyncFrame(key('p')), resyncFrame(key('r')), frame('p', 'i5', 'DELETE').text]);
  });

  test('an overflow while RESYNCs are queued keeps them (one per provider)', () => {
    const q = new WatchQueue(2);
    q.push(frame('p', 'i1', 'UPDATE'), 0n);
    q.push(frame('p', 'i2', 'UPDATE'), 0n);
    q.push(frame('p', 'i3', 'UPDATE'), 0n); // -> RESYNC p
    q.push(frame('r', 'i4', 'UPDATE'), 0n);
    q.push(frame('r', 'i5', 'UPDATE'), 0n); // RESYNCs do not count against the limit
    expect(q.size).toBe(3);
    q.push(frame('r', 'i6', 'UPDATE'), 0n); // -> RESYNC p, r
    expect(drain(q).sort()).toEqual([resyncFrame(key('p')), resyncFrame(key('r'))].sort());
  });

  test('a RESYNC frame is valid JSON with the provider key and an empty instance', () => {
    expect(JSON.parse(resyncFrame(key('p')))).toEqual({ action: 'RESYNC', key: JSON.parse(key('p')), instance: {} });
  });
});
