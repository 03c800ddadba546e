import * as E from 'fp-ts/Either';
import { FakePeer } from '../../__tests__/fake-peer';
import { PeerClient } from './peer-client';

/** Milliseconds a call takes, with its result. */
async function timed<T>(call: () => Promise<T>): Promise<[T, number]> {
  const start = Date.now();
  const r = await call();
  return [r, Date.now() - start];
}

describe('PeerClient time limits', () => {
  const peers: FakePeer[] = [];
  async function startPeer(): Promise<FakePeer> {
    const p = new FakePeer();
    await p.start();
    peers.push(p);
    return p;
  }
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((p) => p.stop()));
  });

  test('a long poll held longer than the peer timeout, answered within wait + timeout, succeeds', async () => {
    const peer = await startPeer();
    peer.delayMs = 200;
    const client = new PeerClient({ name: 'sc2', urls: [peer.url] }, { timeoutMs: 500, maxBytes: 1_000_000 });
    const [r, ms] = await timed(() => client.changes({ epoch: peer.epoch, since: 0, waitS: 1 }));
    expect(r).toEqual(E.right({ epoch: peer.epoch, seq: 0, events: [] }));
    expect(ms).toBeGreaterThanOrEqual(1150);
  });

  test('a peer that sends nothing for wait + timeout fails, with both limits named', async () => {
    const peer = await startPeer();
    peer.silent = true;
    const client = new PeerClient({ name: 'sc2', urls: [peer.url] }, { timeoutMs: 300, maxBytes: 1_000_000 });
    const [r, ms] = await timed(() => client.changes({ epoch: peer.epoch, since: 0, waitS: 1 }));
    expect(E.isLeft(r) && r.left.reason).toMatch(/^no answer within 1300 ms \(1000 ms long-poll wait \+ 300 ms peer timeout\): check that the peer is up/);
    expect(ms).toBeGreaterThanOrEqual(1250);
    expect(ms).toBeLessThan(5000);
  });

  test('a call without a wait (the dump) gets the peer timeout alone', async () => {
    const peer = await startPeer();
    peer.silent = true;
    const client = new PeerClient({ name: 'sc2', urls: [peer.url] }, { timeoutMs: 300, maxBytes: 1_000_000 });
    const [r, ms] = await timed(() => client.dump({ peerName: 'sc2', skipOrigins: [] }));
    expect(E.isLeft(r) && r.left.reason).toMatch(/^no answer within 300 ms: /);
    expect(ms).toBeLessThan(1000);
  });

  test('an answer whose body stops arriving fails after the peer timeout', async () => {
    const peer = await startPeer();
    peer.stallBody = true;
    const client = new PeerClient({ name: 'sc2', urls: [peer.url] }, { timeoutMs: 300, maxBytes: 1_000_000 });
    const [r, ms] = await timed(() => client.changes({ epoch: peer.epoch, since: 0, waitS: 1 }));
    expect(E.isLeft(r) && r.left.reason).toMatch(/^answer began but its body did not arrive within 300 ms/);
    expect(ms).toBeGreaterThanOrEqual(1250);
    expect(ms).toBeLessThan(5000);
  });

  test('a silent replica is left for the next one after its limit', async () => {
    const silent = await startPeer();
    silent.silent = true;
    const live = await startPeer();
    live.dump = { services: [] };
    const client = new PeerClient({ name: 'sc2', urls: [silent.url, live.url] }, { timeoutMs: 300, maxBytes: 1_000_000 });
    expect(await client.dump({ peerName: 'sc2', skipOrigins: [] })).toEqual(E.right({ exportScope: undefined, records: { services: [], instances: [], tags: [], summaries: [] } }));
    expect(live.dumpCalls).toBe(1);
  });

  test("the caller's abort ends a long poll at once", async () => {
    const peer = await startPeer();
    const client = new PeerClient({ name: 'sc2', urls: [peer.url] }, { timeoutMs: 300, maxBytes: 1_000_000 });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const [r, ms] = await timed(() => client.changes({ epoch: peer.epoch, since: 0, waitS: 5 }, stop.signal));
    expect(E.isLeft(r)).toBe(true);
    expect(ms).toBeLessThan(1000);
  });
});
