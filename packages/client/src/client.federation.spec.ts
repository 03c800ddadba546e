import { ServiceCenterClient } from './client';
import { TestServer, api, eventually, registerInstance, registerService, startFederation } from './__tests__/servers';

jest.setTimeout(30_000);

/**
 * Two clusters, each the peer of the other (in process): global answers carry each
 * instance's origin cluster and freshness, which discover() ranks.
 */
describe('discover across clusters', () => {
  let sc1: TestServer;
  let sc2: TestServer;
  let client: ServiceCenterClient;
  const ids: Record<string, string> = {};
  const q = { appId: 'geo', serviceName: 'maps', global: true };

  beforeAll(async () => {
    [sc1, sc2] = await startFederation(['sc1', 'sc2'], { demoteAfter: 3600 });
    const s1 = await registerService(sc1.url, { appId: 'geo', serviceName: 'maps', version: '1.0.0' });
    const s2 = await registerService(sc2.url, { appId: 'geo', serviceName: 'maps', version: '1.0.0' });
    ids.local = await registerInstance(sc1.url, s1, { hostName: 'local', dataCenterInfo: { name: 'dc1', region: 'eu', availableZone: 'eu-1' } });
    ids.far = await registerInstance(sc2.url, s2, { hostName: 'far', dataCenterInfo: { name: 'dc3', region: 'ap', availableZone: 'ap-1' } });
    ids.zone = await registerInstance(sc2.url, s2, { hostName: 'zone', dataCenterInfo: { name: 'dc2', region: 'us', availableZone: 'us-1' } });
    ids.region = await registerInstance(sc2.url, s2, { hostName: 'region', dataCenterInfo: { name: 'dc2', region: 'us', availableZone: 'us-2' } });
    ids.down = await registerInstance(sc2.url, s2, { hostName: 'down', status: 'DOWN', dataCenterInfo: { name: 'dc2', region: 'us', availableZone: 'us-1' } });
    // The application runs in cluster sc1, but in region us, zone us-1 (e.g. a stretched cluster).
    client = new ServiceCenterClient({
      endpoints: [sc1.url],
      locality: { cluster: 'sc1', region: 'us', zone: 'us-1' },
      cache: { ttlMs: 0, emptyConfirmations: 1 },
      backoff: { baseMs: 20, maxMs: 200 },
    });
  });
  afterAll(async () => {
    await client.close();
    await Promise.all([sc1.stop(), sc2.stop()]);
  });

  test('same cluster first, then same region and zone, then same region, then the rest; DOWN skipped', async () => {
    const d = await eventually(async () => {
      const r = await client.discover(q);
      return r.instances.length === 4 ? r : undefined;
    }, 10_000, 'both clusters merged');
    expect(d.instances.map((x) => x.instance.hostName)).toEqual(['local', 'zone', 'region', 'far']);
    expect(d.instances.map((x) => [x.origin, x.tier])).toEqual([
      ['sc1', 'cluster'],
      ['sc2', 'zone'],
      ['sc2', 'region'],
      ['sc2', 'remote'],
    ]);
    expect(d.staleOnly).toBe(false);
    // without global, only the answering cluster's own instances
    const local = await client.discover({ appId: 'geo', serviceName: 'maps' });
    expect(local.instances.map((x) => x.instance.hostName)).toEqual(['local']);
  });

  test('a cluster that cannot be reached: its (stale) instances only when nothing fresh is left', async () => {
    await sc2.down();
    await eventually(async () => {
      const r = await api(sc1.url, 'GET', '/v4/default/admin/sources');
      const peer = (r.body.sources as { source: string; status: string }[]).find((x) => x.source === 'sc2/servicecenter');
      return peer?.status === 'stale' ? true : undefined;
    }, 10_000, 'sc1 sees sc2 as stale');
    // A new client: sc1 answers a cached revision with 304 although the answer turned stale
    // (reported server issue), so the staleness is read from a full answer.
    const fresh = new ServiceCenterClient({ endpoints: [sc1.url], locality: { cluster: 'sc1', region: 'us', zone: 'us-1' }, cache: { ttlMs: 0, emptyConfirmations: 1 } });
    try {
      const d = await fresh.discover(q);
      expect(d.instances.map((x) => x.instance.hostName)).toEqual(['local']);
      const raw = await fresh.findInstances(q);
      const stale = raw.instances.filter((i) => i.properties?.['x-sc-stale'] === 'true').map((i) => i.hostName);
      expect(stale.sort()).toEqual(['down', 'far', 'region', 'zone']);

      const localId = raw.instances.find((i) => i.hostName === 'local')?.serviceId;
      expect((await api(sc1.url, 'DELETE', `/v4/default/registry/microservices/${localId}/instances/${ids.local}`)).status).toBe(200);
      const fallback = await fresh.discover(q);
      expect(fallback.instances.map((x) => x.instance.hostName)).toEqual(['zone', 'region', 'far']);
      expect(fallback.staleOnly).toBe(true);
      expect(fallback.instances.every((x) => x.stale && x.lastConfirmed !== undefined)).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});
