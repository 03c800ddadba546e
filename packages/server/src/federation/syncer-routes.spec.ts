import { SyncerHealthResponse, decodeJson } from '@service-center/core';
import * as E from 'fp-ts/Either';
import { startTestServer } from '../__tests__/test-server';
import { freePort } from '../__tests__/free-port';
import { FakePeer } from '../__tests__/fake-peer';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

async function syncerHealth(base: string): Promise<{ status: number; body: unknown }> {
  const r = await fetch(`${base}/v1/syncer/health`);
  return { status: r.status, body: await r.json() };
}

/** The answer decoded by the core codec: it must be a well-formed syncer health answer. */
async function peersOf(base: string): Promise<SyncerHealthResponse['peers']> {
  const r = await fetch(`${base}/v1/syncer/health`);
  expect(r.status).toBe(200);
  const decoded = decodeJson(SyncerHealthResponse, await r.text());
  if (E.isLeft(decoded)) throw new Error(decoded.left.detail);
  return decoded.right.peers;
}

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('GET /v1/syncer/health', () => {
  test("no peers: Service-Center's 500 'sync config is empty'", async () => {
    const server = await startTestServer();
    try {
      const r = await syncerHealth(server.url);
      expect(r.status).toBe(500);
      expect(r.body).toMatchObject({ errorCode: '500003', errorMessage: 'Internal server error' });
      expect((r.body as { detail: string }).detail).toMatch(/^sync config is empty: .*--clusters/);
    } finally {
      await server.stop();
    }
  });

  test('two peered servers are CONNECTED over the change stream; a killed peer turns ABNORMAL', async () => {
    const [p1, p2] = [await freePort(), await freePort()];
    const fast = { syncInterval: 2, peerTimeout: 1 };
    const options = { federation: { pollWaitMs: 500, tickMs: 100 } };
    let sc2: TestServer | undefined = await startTestServer({ clusterName: 'sc2', port: p2, clusters: [{ name: 'sc1', urls: [`http://127.0.0.1:${p1}`] }], ...fast }, options);
    const sc1 = await startTestServer({ clusterName: 'sc1', port: p1, clusters: [{ name: 'sc2', urls: [`http://127.0.0.1:${p2}`] }], ...fast }, options);
    try {
      const connected = await eventually(async () => {
        const peers = await peersOf(sc1.url);
        return peers[0]?.status === 'CONNECTED' ? peers : undefined;
      }, 'sc2 CONNECTED at sc1');
      expect(connected).toEqual([{ name: 'sc2', kind: 'servicecenter', mode: ['stream'], endpoints: [`http://127.0.0.1:${p2}`], status: 'CONNECTED' }]);
      await eventually(async () => ((await peersOf(sc2!.url))[0]?.status === 'CONNECTED' ? true : undefined), 'sc1 CONNECTED at sc2');

      await sc2.stop();
      sc2 = undefined;
      const abnormal = await eventually(async () => {
        const peers = await peersOf(sc1.url);
        return peers[0]?.status === 'ABNORMAL' ? peers : undefined;
      }, 'sc2 ABNORMAL at sc1');
      expect(abnormal).toEqual([{ name: 'sc2', kind: 'servicecenter', mode: ['stream'], endpoints: [`http://127.0.0.1:${p2}`], status: 'ABNORMAL' }]);
    } finally {
      await sc1.stop();
      await sc2?.stop();
    }
  });

  test('a Service-Center peer (no change stream) is synced by dump pulls: mode pull', async () => {
    const peer = new FakePeer();
    peer.stream = false;
    await peer.start();
    const server = await startTestServer({ clusterName: 'sc1', clusters: [{ name: 'real-sc', urls: [peer.url] }], peerTimeout: 1 });
    try {
      const peers = await eventually(async () => {
        const list = await peersOf(server.url);
        return list[0]?.status === 'CONNECTED' ? list : undefined;
      }, 'the Service-Center peer CONNECTED');
      expect(peers).toEqual([{ name: 'real-sc', kind: 'servicecenter', mode: ['pull'], endpoints: [peer.url], status: 'CONNECTED' }]);
    } finally {
      await server.stop();
      await peer.stop();
    }
  });
});
