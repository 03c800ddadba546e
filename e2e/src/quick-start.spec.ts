import { ScNode, api, eventually } from './support/node';
import { find, registerInstance, registerService } from './support/registry';
import { freePort } from './support/free-port';

/** The README's quick start: two clusters on loopback, each the other's peer. */
describe('two clusters (quick start)', () => {
  let sc1: ScNode;
  let sc2: ScNode;
  beforeAll(async () => {
    const [p1, p2] = [await freePort(), await freePort()];
    sc1 = new ScNode({ name: 'sc1', port: p1, peers: [`sc2=http://127.0.0.1:${p2}`], args: ['--sync-interval', '5'] });
    sc2 = new ScNode({ name: 'sc2', port: p2, peers: [`sc1=http://127.0.0.1:${p1}`], args: ['--sync-interval', '5'] });
    await Promise.all([sc1.start(), sc2.start()]);
  });
  afterAll(async () => {
    await Promise.all([sc1.stop(), sc2.stop()]);
    sc1.cleanup();
    sc2.cleanup();
  });

  test('a service registered in sc1 is discovered from sc2 with global=true, and not without it', async () => {
    const sid = await registerService(sc1.url, { serviceName: 'orders', appId: 'shop', version: '1.0.0' });
    const iid = await registerInstance(sc1.url, sid, { endpoints: ['rest://10.1.0.5:8080'] });
    const found = await eventually(async () => {
      const r = await find(sc2.url, 'shop', 'orders', true);
      return r.status === 200 && r.instances.length === 1 ? r : undefined;
    }, 10_000, 'instance visible in sc2');
    expect(found.instances[0].instanceId).toBe(iid);
    expect(found.instances[0].serviceId).toBe(sid);
    expect(found.instances[0].properties?.['x-sc-origin-cluster']).toBe('sc1');
    const local = await find(sc2.url, 'shop', 'orders', false);
    expect(local.status).toBe(400);
    expect(local.errorCode).toBe('400012');
  });

  test('/admin/clusters on each lists both clusters', async () => {
    for (const [node, other] of [
      [sc1, sc2],
      [sc2, sc1],
    ] as const) {
      const r = await api(node.url, 'GET', '/v4/default/admin/clusters');
      expect(r.status).toBe(200);
      expect(r.body.clusters).toEqual({ [node.spec.name]: [node.url], [other.spec.name]: [other.url] });
    }
  });

  test('global reads of services, instances and the dump span both clusters', async () => {
    const sid = await registerService(sc2.url, { serviceName: 'billing', appId: 'shop', version: '2.0.0' });
    await registerInstance(sc2.url, sid);
    const listed = await eventually(async () => {
      const r = await api(sc1.url, 'GET', '/v4/default/registry/microservices?global=true');
      const names = ((r.body.services as { serviceName: string }[] | undefined) ?? []).map((s) => s.serviceName);
      return names.includes('billing') && names.includes('orders') ? names : undefined;
    }, 10_000, 'services listed globally');
    expect(listed).toEqual(expect.arrayContaining(['billing', 'orders']));
    const one = await api(sc1.url, 'GET', `/v4/default/registry/microservices/${sid}?global=true`);
    expect(one.status).toBe(200);
    expect((one.body.service as { serviceName: string }).serviceName).toBe('billing');
    expect((await api(sc1.url, 'GET', `/v4/default/registry/microservices/${sid}`)).status).toBe(400);
    // The instance was written after the service: its change may arrive a moment later.
    const instances = await eventually(async () => {
      const inst = await api(sc1.url, 'GET', `/v4/default/registry/microservices/${sid}/instances?global=true`);
      const list = (inst.body.instances as unknown[] | undefined) ?? [];
      return list.length > 0 ? list : undefined;
    }, 10_000, 'the instance listed globally');
    expect(instances).toHaveLength(1);
    const dump = await api(sc1.url, 'GET', '/v4/default/admin/dump');
    const clusters = ((dump.body.cache as { instances: { cluster: string }[] }).instances ?? []).map((i) => i.cluster);
    expect(clusters).toEqual(expect.arrayContaining(['sc1', 'sc2']));
  });

  test('/admin/sources reports the peer as fresh, streaming', async () => {
    const r = await api(sc1.url, 'GET', '/v4/default/admin/sources');
    const sources = r.body.sources as { source: string; status: string; peer?: { mode: string; ok: boolean } }[];
    const peer = sources.find((s) => s.source === 'sc2/servicecenter');
    expect(peer).toMatchObject({ status: 'fresh', peer: { mode: 'stream', ok: true } });
    expect(sources.find((s) => s.source === 'sc1/local')).toMatchObject({ status: 'fresh' });
  });

  test('/metrics exposes per-peer sync state and the merged view', async () => {
    // A change in sc2 arrives through the stream, so the applied-events count moves.
    const sid = await registerService(sc2.url, { serviceName: 'metered', appId: 'shop', version: '1.0.0' });
    await registerInstance(sc2.url, sid);
    const text = await eventually(async () => {
      const t = await (await fetch(`${sc1.url}/metrics`)).text();
      return /sc_peer_events_applied\{peer="sc2"\} [1-9]/.test(t) ? t : undefined;
    }, 10_000, 'stream events counted');
    expect(text).toMatch(/sc_peer_up\{peer="sc2",mode="stream"\} 1/);
    expect(text).toMatch(/sc_peer_sync_lag_seconds\{peer="sc2"\} 0/);
    expect(text).toMatch(/sc_peer_events_applied\{peer="sc2"\} [1-9]/);
    expect(text).toMatch(/sc_merged_instances\{state="fresh"\} [1-9]/);
    expect(text).toMatch(/sc_conflicts\{kind="service-id"\} 0/);
    expect(text).toMatch(/sc_source_quarantined\{source="sc2\/servicecenter"\} 0/);
  });

  test('schema contents are not synced: a global read asks the peer live (global=false there)', async () => {
    const sid = await registerService(sc2.url, { serviceName: 'schemaful', appId: 'shop', version: '1.0.0', schemas: ['api'] });
    const put = await api(sc2.url, 'PUT', `/v4/default/registry/microservices/${sid}/schemas/api`, { schema: 'openapi: 3.0.0', summary: 'v1' });
    expect(put.status).toBe(200);
    await eventually(async () => {
      const r = await api(sc1.url, 'GET', `/v4/default/registry/microservices/${sid}?global=true`);
      return r.status === 200 ? true : undefined;
    }, 10_000, 'service visible in sc1');
    const one = await api(sc1.url, 'GET', `/v4/default/registry/microservices/${sid}/schemas/api?global=true`);
    expect(one.status).toBe(200);
    expect(one.body.schema).toBe('openapi: 3.0.0');
    expect(one.headers.get('x-schema-summary')).toBe('v1');
    const list = await api(sc1.url, 'GET', `/v4/default/registry/microservices/${sid}/schemas?withSchema=1&global=true`);
    expect(list.body.schemas).toEqual([{ schemaId: 'api', summary: 'v1', schema: 'openapi: 3.0.0' }]);
    const local = await api(sc1.url, 'GET', `/v4/default/registry/microservices/${sid}/schemas/api`);
    expect(local.status).toBe(400);
    // A service of another cluster without schemas lists none, like a local one.
    const bare = await registerService(sc2.url, { serviceName: 'schemaless', appId: 'shop', version: '1.0.0' });
    await eventually(async () => ((await api(sc1.url, 'GET', `/v4/default/registry/microservices/${bare}?global=true`)).status === 200 ? true : undefined), 10_000, 'schemaless visible');
    const none = await api(sc1.url, 'GET', `/v4/default/registry/microservices/${bare}/schemas?withSchema=1&global=true`);
    expect(none.status).toBe(200);
    expect(none.body).toEqual({});
  });
});
