import pino from 'pino';
import { DumpCache, ReservedProperties, findInstances, mergePolicy, viewReads } from '@service-center/core';
import * as E from 'fp-ts/Either';
import { Aggregator } from '../../federation/aggregator';
import { FakePeer } from '../../__tests__/fake-peer';
import type { PeerFailure } from '@service-center/core';
import { PeerClient } from './peer-client';
import { PeerSync } from './peer-sync';

const log = pino({ level: 'silent' });
const tenant = { domain: 'default', project: 'default' };
const findOf = (serviceName: string) => ({ tenant, consumerId: '', environment: '', appId: 'app', serviceName, version: '', tags: [] });

function dumpWith(instanceIds: string[]): DumpCache {
  return {
    services: [{ key: '/cse-sr/ms/files/default/default/s1', rev: 5, cluster: 'default', value: { serviceName: 'svc', appId: 'app', version: '1.0.0', timestamp: '100' } }],
    instances: instanceIds.map((id, n) => ({
      key: `/cse-sr/inst/files/default/default/s1/${id}`,
      rev: 10 + n,
      cluster: 'default',
      value: { hostName: `h-${id}`, endpoints: [`rest://10.0.0.${n}:80`], status: 'UP' },
    })),
  };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function found(agg: Aggregator): string[] {
  const r = findInstances(viewReads(agg.view()), findOf('svc'));
  return E.isRight(r) ? r.right.instances.map((i) => `${i.instance.instanceId}${i.instance.properties?.[ReservedProperties.stale] === 'true' ? '(stale)' : ''}`).sort() : [];
}

describe('PeerSync', () => {
  let peer: FakePeer;
  let sync: PeerSync | undefined;
  const health: [string, boolean, PeerFailure | undefined][] = [];
  beforeEach(async () => {
    peer = new FakePeer();
    await peer.start();
    health.length = 0;
  });
  afterEach(async () => {
    await sync?.stop();
    sync = undefined;
    await peer.stop();
  });

  function startSync(
    agg: Aggregator,
    stream = true,
    intervalMs = 60_000,
    timing: { timeoutMs: number; pollWaitMs: number; maxBytes?: number } = { timeoutMs: 1000, pollWaitMs: 1000 },
  ): PeerSync {
    const client = new PeerClient({ name: 'sc2', urls: [peer.url] }, { timeoutMs: timing.timeoutMs, maxBytes: timing.maxBytes ?? 1_000_000 });
    sync = new PeerSync(client, agg, { intervalMs, stream, pollWaitMs: timing.pollWaitMs, now: Date.now, log }, (n, ok, f) => health.push([n, ok, f]));
    sync.start();
    return sync;
  }

  test("pulls the peer's dump at once and serves it, relabelled to the peer's name", async () => {
    peer.dump = dumpWith(['i1', 'i2']);
    const agg = new Aggregator(mergePolicy('sc1'), Date.now);
    startSync(agg);
    await until(() => found(agg).length === 2);
    expect(found(agg)).toEqual(['i1', 'i2']);
    const r = findInstances(viewReads(agg.view()), findOf('svc'));
    expect(E.isRight(r) && r.right.instances.every((i) => i.instance.properties?.[ReservedProperties.origin] === 'sc2')).toBe(true);
    expect(health).toEqual([['sc2', true, undefined]]);
  });

  test('stream changes are applied as they happen, without another dump pull', async () => {
    peer.dump = dumpWith(['i1']);
    const agg = new Aggregator(mergePolicy('sc1'), Date.now);
    const s = startSync(agg);
    await until(() => found(agg).length === 1);
    const pulls = peer.dumpCalls;
    peer.push({
      action: 'CREATE', kind: 'instance', domain: 'default', project: 'default', serviceId: 's1', instanceId: 'i9', origin: 'sc2', rev: 50,
      instance: { hostName: 'h9', endpoints: ['rest://10.0.0.9:80'], status: 'UP' },
    });
    await until(() => found(agg).includes('i9'));
    peer.push({ action: 'DELETE', kind: 'instance', domain: 'default', project: 'default', serviceId: 's1', instanceId: 'i1', origin: 'sc2', rev: 0 });
    await until(() => !found(agg).includes('i1'));
    expect(peer.dumpCalls).toBe(pulls);
    expect(s.snapshotStatus()).toMatchObject({ mode: 'stream', ok: true, eventsApplied: 2 });
  });

  test('a Service-Center peer (no change stream) is pulled on the interval', async () => {
    peer.stream = false;
    peer.dump = dumpWith(['i1']);
    const agg = new Aggregator(mergePolicy('sc1'), Date.now);
    const s = startSync(agg, true, 200);
    await until(() => found(agg).length === 1);
    peer.dump = dumpWith(['i1', 'i2']);
    await until(() => found(agg).length === 2);
    expect(s.snapshotStatus().mode).toBe('pull');
  });

  test('a failing peer keeps its records, marked stale, and reports its health', async () => {
    peer.dump = dumpWith(['i1', 'i2']);
    const agg = new Aggregator(mergePolicy('sc1'), Date.now);
    startSync(agg, false, 100);
    await until(() => found(agg).length === 2);
    peer.failing = true;
    await until(() => found(agg).every((x) => x.endsWith('(stale)')));
    expect(found(agg)).toEqual(['i1(stale)', 'i2(stale)']);
    expect(health.some(([n, ok, f]) => n === 'sc2' && !ok && /HTTP 500/.test(f?.reason ?? ''))).toBe(true);
    peer.failing = false;
    await until(() => found(agg).join() === 'i1,i2');
    expect(health[health.length - 1]).toEqual(['sc2', true, undefined]);
  });

  test('an answer over --peer-max-bytes is a failed sync: nothing of it is taken, the last data stays, marked stale', async () => {
    peer.dump = dumpWith(['i1', 'i2']);
    const agg = new Aggregator(mergePolicy('sc1'), Date.now);
    startSync(agg, false, 100, { timeoutMs: 1000, pollWaitMs: 1000, maxBytes: 20_000 });
    await until(() => found(agg).length === 2);
    // Far past the limit: a peer sending a 4 MB dump (of 6,000 instances) must not get it in.
    peer.dump = dumpWith(Array.from({ length: 6000 }, (_, n) => `big${n}`));
    await until(() => found(agg).every((x) => x.endsWith('(stale)')));
    expect(found(agg)).toEqual(['i1(stale)', 'i2(stale)']);
    const refusal = health.find(([, ok]) => !ok)?.[2]?.reason ?? '';
    expect(refusal).toMatch(/larger than --peer-max-bytes \(20000 bytes\)/);
  });

  test('an unreachable address is reported with the transport reason', async () => {
    const agg = new Aggregator(mergePolicy('sc1'), Date.now);
    const closed = new FakePeer();
    await closed.start();
    await closed.stop(); // a port nothing listens on any more
    const client = new PeerClient({ name: 'sc9', urls: [closed.url] }, { timeoutMs: 500, maxBytes: 1_000_000 });
    sync = new PeerSync(client, agg, { intervalMs: 1000, stream: true, pollWaitMs: 500, now: Date.now, log }, (n, ok, f) => health.push([n, ok, f]));
    sync.start();
    await until(() => health.length > 0);
    expect(health[0][1]).toBe(false);
    expect(health[0][2]?.reason).toMatch(/ECONNREFUSED/);
  });

  const lastConfirmed = (agg: Aggregator) => agg.sources().find((s) => s.cluster === 'sc2')?.health.lastConfirmed ?? 0;

  test('an idle stream whose polls wait longer than the peer timeout stays fresh, each empty poll confirming it', async () => {
    peer.dump = dumpWith(['i1']);
    const agg = new Aggregator(mergePolicy('sc1'), Date.now);
    const s = startSync(agg, true, 60_000, { timeoutMs: 300, pollWaitMs: 1000 });
    await until(() => s.snapshotStatus().syncs === 1);
    const afterDump = lastConfirmed(agg);
    await until(() => s.snapshotStatus().syncs >= 4, 10_000);
    expect(health).toEqual([['sc2', true, undefined]]);
    expect(s.snapshotStatus()).toMatchObject({ mode: 'stream', ok: true, errors: 0 });
    expect(peer.dumpCalls).toBe(1);
    expect(lastConfirmed(agg)).toBeGreaterThanOrEqual(afterDump + 2000);
    expect(found(agg)).toEqual(['i1']);
  });

  test('a peer that sends nothing for the wait plus the timeout is marked unreachable', async () => {
    peer.dump = dumpWith(['i1']);
    const agg = new Aggregator(mergePolicy('sc1'), Date.now);
    startSync(agg, true, 60_000, { timeoutMs: 300, pollWaitMs: 1000 });
    await until(() => found(agg).length === 1);
    peer.silent = true;
    await until(() => health.some(([, ok]) => !ok), 5000);
    expect(health.find(([, ok]) => !ok)?.[2]?.reason).toMatch(/^no answer within 1300 ms/);
    expect(found(agg)).toEqual(['i1(stale)']);
  });

  test('a 2 s network delay under a 3 s peer timeout is no outage', async () => {
    peer.dump = dumpWith(['i1']);
    peer.delayMs = 2000;
    const agg = new Aggregator(mergePolicy('sc1'), Date.now);
    const s = startSync(agg, true, 60_000, { timeoutMs: 3000, pollWaitMs: 2000 });
    // position + dump (2 s each), then two long polls of 2 s wait + 2 s delay
    await until(() => s.snapshotStatus().syncs >= 3, 20_000);
    expect(health).toEqual([['sc2', true, undefined]]);
    expect(s.snapshotStatus()).toMatchObject({ ok: true, errors: 0 });
    expect(found(agg)).toEqual(['i1']);
  }, 30_000);

  test('a mass withdrawal in the stream is checked against a snapshot and quarantined', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `i${String(i).padStart(2, '0')}`);
    peer.dump = dumpWith(ids);
    const agg = new Aggregator(mergePolicy('sc1', { quarantineMin: 10, quarantineShare: 0.8, quarantineConfirmations: 3 }), Date.now);
    startSync(agg);
    await until(() => found(agg).length === 20);
    peer.dump = dumpWith(ids.slice(0, 2));
    for (const id of ids.slice(2)) {
      peer.push({ action: 'DELETE', kind: 'instance', domain: 'default', project: 'default', serviceId: 's1', instanceId: id, origin: 'sc2', rev: 0 });
    }
    await until(() => agg.sources().some((s) => s.cluster === 'sc2' && s.quarantined));
    expect(found(agg)).toHaveLength(20);
    expect(agg.sources().find((s) => s.cluster === 'sc2')?.quarantine).toMatchObject({ withdrawn: 18, of: 20 });
  });
});
