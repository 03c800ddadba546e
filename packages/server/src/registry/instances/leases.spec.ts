import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import WebSocket from 'ws';
import { startTestServer } from '../../__tests__/test-server';
import { call, createInstance, createService, eventually, find, sleep, uniqueName } from '../../__tests__/instances-helpers';

const base = '/v4/default/registry';

/** Leases of 2 s (interval 1 x (times 1 + 1)); expiries swept and decided quickly. */
const SHORT = {
  instanceLimits: { minInterval: 1, minTimes: 1 },
  leaseSweepMs: 100,
  selfPreservation: { windowMs: 300, tickMs: 50 },
} as const;
const shortInstance = (hostName: string) => ({ hostName, healthCheck: { mode: 'push', interval: 1, times: 1 } });

function watcher(url: string, consumerId: string) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${base}/microservices/${consumerId}/watcher`);
  const actions: string[] = [];
  ws.on('message', (d) => actions.push((JSON.parse(String(d)) as { action: string }).action));
  return { ws, actions, opened: new Promise<void>((r) => ws.once('open', () => r())) };
}

describe('leases over HTTP', () => {
  test('an instance whose lease expires is removed, and watchers get DELETE', async () => {
    const server = await startTestServer({}, SHORT);
    try {
      const name = uniqueName('exp');
      const provider = await createService(server.url, { serviceName: name });
      const consumer = await createService(server.url, { serviceName: uniqueName('c') });
      const keep = await createInstance(server.url, provider, { hostName: 'long' }); // 120 s
      await find(server.url, { appId: 'app', serviceName: name }, { 'X-ConsumerId': consumer });
      const w = watcher(server.url, consumer);
      await w.opened;
      const id = await createInstance(server.url, provider, shortInstance('short'));
      const ids = async () => ((await find(server.url, { appId: 'app', serviceName: name })).body.instances ?? []).map((i) => i.instanceId);
      expect((await ids()).sort()).toEqual([keep, id].sort());
      await eventually(async () => (await ids()).length === 1, 4000, 100);
      expect(await ids()).toEqual([keep]);
      await eventually(() => w.actions.length >= 2);
      expect(w.actions).toEqual(['CREATE', 'DELETE']);
      expect((await call(server.url, 'PUT', `${base}/microservices/${provider}/instances/${id}/heartbeat`)).body.errorCode).toBe('400017');
      w.ws.terminate();
    } finally {
      await server.stop();
    }
  }, 10_000);

  test('self-preservation: a mass expiry stays discoverable without DELETE, until the TTL elapses again', async () => {
    const server = await startTestServer({}, SHORT);
    try {
      const name = uniqueName('mass');
      const provider = await createService(server.url, { serviceName: name });
      const consumer = await createService(server.url, { serviceName: uniqueName('c') });
      await find(server.url, { appId: 'app', serviceName: name }, { 'X-ConsumerId': consumer });
      const w = watcher(server.url, consumer);
      await w.opened;
      // 10 short-lived instances next to SC's own (120 s): 10 of 11 expire together.
      for (let i = 0; i < 10; i++) await createInstance(server.url, provider, shortInstance(`h${i}`));
      await eventually(() => w.actions.length === 10);
      const count = async () => ((await find(server.url, { appId: 'app', serviceName: name })).body.instances ?? []).length;
      const list = async () => (await call<{ instances?: unknown[] }>(server.url, 'GET', `${base}/microservices/${provider}/instances`)).body.instances ?? [];
      // Well after the 2 s TTL and the 0.3 s decision window, the instances are still served.
      await sleep(2900);
      expect(await count()).toBe(10);
      expect(await list()).toHaveLength(10);
      const dump = await call<{ cache: { instances: { key: string }[] } }>(server.url, 'GET', '/v4/default/admin/dump');
      expect(dump.body.cache.instances.filter((i) => i.key.includes(provider))).toHaveLength(10);
      expect(w.actions.filter((a) => a === 'DELETE')).toEqual([]);
      // Their own TTL (2 s) elapses again: they go, and the DELETEs are pushed.
      await eventually(async () => (await count()) === 0, 4000, 100);
      await eventually(() => w.actions.filter((a) => a === 'DELETE').length === 10);
      w.ws.terminate();
    } finally {
      await server.stop();
    }
  }, 15_000);
});

describe('restart keeps instances (embedded store)', () => {
  test('after a restart on the same data dir the instance is there and its lease re-armed for a full TTL', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-restart-'));
    try {
      let server = await startTestServer({ dataDir }, SHORT);
      const sid = await createService(server.url, { serviceName: 'restart' });
      const longId = await createInstance(server.url, sid, { hostName: 'long' });
      const shortId = await createInstance(server.url, sid, shortInstance('short'));
      await server.stop();
      await sleep(2500); // the short lease's deadline passes while the server is down
      server = await startTestServer({ dataDir }, SHORT);
      try {
        const get = (id: string) => call(server.url, 'GET', `${base}/microservices/${sid}/instances/${id}`);
        expect((await get(longId)).status).toBe(200);
        expect((await get(shortId)).status).toBe(200); // re-armed, not expired at start
        expect((await call(server.url, 'PUT', `${base}/microservices/${sid}/instances/${longId}/heartbeat`)).status).toBe(200);
        // The re-armed short lease still ends one TTL later.
        await eventually(async () => (await get(shortId)).status === 400, 4000, 100);
        expect((await get(longId)).status).toBe(200);
        // SC registered itself again; the clean stop had unregistered the old instance.
        const health = await call<{ instances: unknown[] }>(server.url, 'GET', '/health');
        expect(health.body.instances).toHaveLength(1);
      } finally {
        await server.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 20_000);
});
