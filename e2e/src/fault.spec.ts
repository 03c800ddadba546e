import { ScNode, api, eventually } from './support/node';
import { find, registerInstance, registerService } from './support/registry';
import { freePort } from './support/free-port';
import { Watcher } from './support/watch';

type SourceJson = { source: string; status: string; quarantined: boolean; quarantine?: { withdrawn: number; of: number } };

async function sourceOf(node: ScNode, name: string): Promise<SourceJson | undefined> {
  const r = await api(node.url, 'GET', '/v4/default/admin/sources');
  return (r.body.sources as SourceJson[]).find((s) => s.source === name);
}

async function alarmActive(node: ScNode): Promise<boolean> {
  const r = await api(node.url, 'GET', '/v4/default/admin/alarms');
  return ((r.body.alarms as { id: string; status: string }[] | undefined) ?? []).some(
    (a) => a.id === 'BackendConnectionRefuse' && a.status === 'ACTIVATED',
  );
}

/** A peer that dies keeps its data (stale, no DELETE); it converges on return; a mass withdrawal is quarantined. */
describe('peer failure, recovery and quarantine', () => {
  let sc1: ScNode;
  let sc2: ScNode;
  let p2 = 0;
  const fast = ['--sync-interval', '2', '--peer-timeout', '1', '--quarantine-confirmations', '50'];
  beforeAll(async () => {
    const p1 = await freePort();
    p2 = await freePort();
    sc1 = new ScNode({ name: 'sc1', port: p1, peers: [`sc2=http://127.0.0.1:${p2}`], args: fast });
    sc2 = new ScNode({ name: 'sc2', port: p2, peers: [`sc1=http://127.0.0.1:${p1}`], args: fast });
    await Promise.all([sc1.start(), sc2.start()]);
  });
  afterAll(async () => {
    await Promise.all([sc1.stop(), sc2.stop()]);
    sc1.cleanup();
    sc2.cleanup();
  });

  test('kill, keep stale without DELETE, restart and converge, then quarantine a 90% withdrawal', async () => {
    const provider = await registerService(sc2.url, { serviceName: 'inventory', appId: 'shop', version: '1.0.0' });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push(await registerInstance(sc2.url, provider, { instanceId: `inst${String(i).padStart(2, '0')}`, endpoints: [`rest://10.2.0.${i}:80`] }));
    }
    const consumer = await registerService(sc1.url, { serviceName: 'web', appId: 'shop', version: '1.0.0' });
    const seen = await eventually(async () => {
      const r = await find(sc1.url, 'shop', 'inventory', true, { 'X-ConsumerId': consumer });
      return r.instances.length === 20 ? r : undefined;
    }, 15_000, 'sc2 instances in sc1');
    expect(seen.instances.every((i) => i.properties?.['x-sc-origin-cluster'] === 'sc2')).toBe(true);

    // The consumer now depends on the provider: it watches changes coming from sc2.
    const watcher = await Watcher.open(sc1.url, consumer);
    try {
      await registerInstance(sc2.url, provider, { instanceId: 'late01' });
      await eventually(async () => (watcher.frames.some((f) => f.action === 'CREATE' && f.instance.instanceId === 'late01') ? true : undefined), 10_000, 'cross-cluster CREATE pushed to the watcher');
      const framesBefore = watcher.frames.length;
      const freshRev = (await api(sc1.url, 'GET', '/v4/default/registry/instances?appId=shop&serviceName=inventory&global=true')).headers.get('x-resource-revision');
      expect(freshRev).toBeTruthy();

      await sc2.kill();
      await eventually(async () => ((await sourceOf(sc1, 'sc2/servicecenter'))?.status === 'stale' ? true : undefined), 15_000, 'sc2 marked stale');
      const stale = await find(sc1.url, 'shop', 'inventory', true);
      expect(stale.instances).toHaveLength(21);
      expect(stale.instances.every((i) => i.properties?.['x-sc-stale'] === 'true')).toBe(true);
      expect(stale.instances.every((i) => typeof i.properties?.['x-sc-last-confirmed'] === 'string')).toBe(true);
      // Turning stale changes the answer, so a client holding the old revision gets it (no 304).
      const revised = await api(sc1.url, 'GET', `/v4/default/registry/instances?appId=shop&serviceName=inventory&global=true&rev=${freshRev}`);
      expect(revised.status).toBe(200);
      expect(revised.headers.get('x-resource-revision')).not.toBe(freshRev);
      expect(await eventually(async () => ((await alarmActive(sc1)) ? true : undefined), 10_000, 'alarm raised')).toBe(true);
      const health = await api(sc1.url, 'GET', '/v4/default/registry/health');
      expect(health.status).toBe(400);
      expect(health.body.errorCode).toBe('400002');
      await new Promise((r) => setTimeout(r, 3000));
      expect(watcher.frames.slice(framesBefore).filter((f) => f.action === 'DELETE')).toEqual([]);

      // Back again, same data: fresh, alarm cleared.
      await sc2.start();
      await eventually(async () => {
        const r = await find(sc1.url, 'shop', 'inventory', true);
        return r.instances.length === 21 && r.instances.every((i) => i.properties?.['x-sc-stale'] === undefined) ? true : undefined;
      }, 15_000, 'sc2 fresh again');
      await eventually(async () => ((await alarmActive(sc1)) ? undefined : true), 10_000, 'alarm cleared');
      expect(watcher.frames.slice(framesBefore).filter((f) => f.action === 'DELETE')).toEqual([]);
    } finally {
      watcher.close();
    }

    // sc2 comes back from a lost disk with 2 of its 21 instances: a 90% withdrawal at once.
    await sc2.kill();
    const fresh = new ScNode({ name: 'sc2', port: p2, peers: sc2.spec.peers, args: fast });
    await fresh.start();
    try {
      const again = await registerService(fresh.url, { serviceName: 'inventory', appId: 'shop', version: '1.0.0' });
      expect(again).toBe(provider); // deterministic id: same key, same serviceId
      await registerInstance(fresh.url, provider, { instanceId: 'inst00' });
      await registerInstance(fresh.url, provider, { instanceId: 'inst01' });
      const q = await eventually(async () => {
        const s = await sourceOf(sc1, 'sc2/servicecenter');
        return s?.quarantined ? s : undefined;
      }, 15_000, 'sc2 quarantined');
      expect(q.quarantine?.of).toBe(21);
      expect(q.quarantine?.withdrawn).toBeGreaterThanOrEqual(19);
      const held = await find(sc1.url, 'shop', 'inventory', true);
      expect(held.instances).toHaveLength(21);
      // Held, but never silently: an alarm names it and /metrics counts it.
      const alarms = (await api(sc1.url, 'GET', '/v4/default/admin/alarms')).body.alarms as { id: string; status: string; fields: { detail: string } }[];
      const alarm = alarms.find((a) => a.id === 'SourceQuarantined');
      expect(alarm?.status).toBe('ACTIVATED');
      expect(alarm?.fields.detail).toMatch(/sc2\/servicecenter withdrew \d+ of 21 instances/);
      const metrics = await (await fetch(`${sc1.url}/metrics`)).text();
      expect(metrics).toMatch(/sc_quarantines_total\{source="sc2\/servicecenter"\} 1/);
    } finally {
      await fresh.stop();
      fresh.cleanup();
    }
  });
});
