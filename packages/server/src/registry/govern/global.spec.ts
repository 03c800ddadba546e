// The govern routes with `global=true`, over two federated servers: sc1 holds the shop
// (seedShop), sc2 registers bank/pay too (the same logical service) and edge/gw, a consumer of
// bank/pay.
import { startTestServer } from '../../__tests__/test-server';
import { freePort } from '../../__tests__/free-port';
import { eventually } from '../../__tests__/instances-helpers';
import { REG, TestServer, call, createService, errorCodeOf } from '../../__tests__/services-client';
import { GOV, GovernDetail, GovernList, ShopIds, detailsById, seedShop } from '../../__tests__/govern-fixtures';

const fast = { syncInterval: 1, peerTimeout: 1 };
const options = { federation: { pollWaitMs: 300, tickMs: 100 } };

jest.setTimeout(60_000);

describe('govern routes with global=true', () => {
  let sc1: TestServer | undefined;
  let sc2: TestServer;
  let ids: ShopIds;
  let gw: string;
  let payAtSc2: string;

  beforeAll(async () => {
    const [p1, p2] = [await freePort(), await freePort()];
    sc1 = await startTestServer({ clusterName: 'sc1', port: p1, clusters: [{ name: 'sc2', urls: [`http://127.0.0.1:${p2}`] }], ...fast }, options);
    sc2 = await startTestServer({ clusterName: 'sc2', port: p2, clusters: [{ name: 'sc1', urls: [`http://127.0.0.1:${p1}`] }], ...fast }, options);
    ids = await seedShop(sc1);
    payAtSc2 = await createService(sc2, { appId: 'bank', serviceName: 'pay', version: '1.0.0', properties: { team: 'b', pci: '' } });
    const r = await call(sc2, 'POST', `${REG}/microservices/${payAtSc2}/instances`, { body: { instance: { hostName: 'pay-c', endpoints: ['rest://10.0.2.1:80'] } } });
    expect(r.status).toBe(200);
    gw = await createService(sc2, { appId: 'edge', serviceName: 'gw', version: '1.0.0' });
    const dep = await call(sc2, 'PUT', `${REG}/dependencies`, {
      body: { dependencies: [{ consumer: { appId: 'edge', serviceName: 'gw', version: '1.0.0' }, providers: [{ appId: 'bank', serviceName: 'pay' }] }] },
    });
    expect(dep.status).toBe(200);
    const merged = async (server: TestServer, id: string, clusters: string) => {
      const d = detailsById((await call(server, 'GET', `${GOV}/microservices?global=true&options=instances`)).json).get(id);
      return (d?.['x-sc-origin-clusters'] ?? []).join(',') === clusters && (d?.instances?.length ?? 0) === 3;
    };
    await eventually(() => merged(sc2, ids.pay, 'sc1,sc2'), 20_000);
    await eventually(() => merged(sc1!, ids.pay, 'sc1,sc2'), 20_000);
  });

  afterAll(async () => {
    await sc1?.stop();
    await sc2.stop();
  });

  const get = async (server: TestServer, path: string) => {
    const r = await call(server, 'GET', path);
    expect(r.status).toBe(200);
    return r.json;
  };
  const list = async (server: TestServer, query: string) => get(server, `${GOV}/microservices?global=true&${query}`) as Promise<GovernList>;

  test('the same key from two clusters is one service; ids are the same everywhere', () => {
    expect(payAtSc2).toBe(ids.pay);
  });

  test('list: every cluster\'s services, each with its origin clusters; without global only the local ones', async () => {
    const d = detailsById(await list(sc2, ''));
    expect([...d.keys()].sort()).toEqual([ids.audit, ids.cart1, ids.cart2, gw, ids.pay].sort());
    expect(d.get(ids.cart1)?.['x-sc-origin-clusters']).toEqual(['sc1']);
    expect(d.get(gw)?.['x-sc-origin-clusters']).toEqual(['sc2']);
    expect(d.get(ids.pay)?.['x-sc-origin-clusters']).toEqual(['sc1', 'sc2']);
    const local = detailsById(await get(sc2, `${GOV}/microservices`));
    expect([...local.keys()].sort()).toEqual([gw, ids.pay].sort());
    expect(local.get(ids.pay)).not.toHaveProperty('x-sc-origin-clusters');
  });

  test('list instances: each marked with its origin cluster (kept though not an inner property)', async () => {
    const pay = detailsById(await list(sc2, 'options=instances')).get(ids.pay);
    const origins = (pay?.instances ?? []).map((i) => i.properties?.['x-sc-origin-cluster']).sort();
    expect(origins).toEqual(['sc1', 'sc1', 'sc2']);
    expect(pay?.instances?.every((i) => Object.keys(i.properties ?? {}).every((k) => k.startsWith('x-sc-')))).toBe(true);
  });

  test('countOnly counts the merged instances', async () => {
    expect(detailsById(await list(sc2, 'options=instances&countOnly=1')).get(ids.pay)?.statics).toEqual({ instances: { count: 3 } });
  });

  test("withShared: one Service-Center, this server's own", async () => {
    const shared = ((await list(sc2, 'withShared=true')).allServicesDetail ?? []).filter((d) => d.microService.serviceName === 'SERVICECENTER');
    expect(shared).toHaveLength(1);
    const own = ((await get(sc2, `${GOV}/microservices?withShared=true`)) as GovernList).allServicesDetail?.find((d) => d.microService.serviceName === 'SERVICECENTER');
    expect(shared[0]?.microService.serviceId).toBe(own?.microService.serviceId);
    const detail = await call(sc2, 'GET', `${GOV}/microservices/${own?.microService.serviceId ?? ''}?global=true`);
    expect(detail.status).toBe(200);
  });

  test("schemas: another cluster's service has its summary in the list, its content in the detail (asked of the peer)", async () => {
    expect(detailsById(await list(sc2, 'options=schemas')).get(ids.cart1)?.schemaInfos).toEqual([{ schemaId: 's1', summary: 'sum1' }]);
    const cart = ((await get(sc2, `${GOV}/microservices/${ids.cart1}?global=true`)) as { service: GovernDetail }).service;
    expect(cart.schemaInfos).toEqual([{ schemaId: 's1', summary: 'sum1', schema: 'openapi: 3.0.0' }]);
    expect(cart['x-sc-origin-clusters']).toEqual(['sc1']);
    expect(cart.microServiceVersions?.sort()).toEqual(['1.0.0', '1.1.0']);
    // Locally the service is unknown.
    expect(errorCodeOf(await call(sc2, 'GET', `${GOV}/microservices/${ids.cart1}`))).toBe('400012');
    expect(errorCodeOf(await call(sc2, 'GET', `${GOV}/microservices/nowhere?global=true`))).toBe('400012');
  });

  test("dependencies: each server's own rules, resolved over the merged view", async () => {
    const atSc2 = detailsById(await list(sc2, 'options=dependencies'));
    expect(atSc2.get(gw)?.providers?.map((s) => s.serviceId)).toEqual([ids.pay]);
    expect(atSc2.get(ids.pay)?.consumers?.map((s) => s.serviceId)).toEqual([gw]);
    // sc1's rule (cart -> pay) is not synced to sc2.
    expect(atSc2.get(ids.cart1)).not.toHaveProperty('providers');
    const atSc1 = detailsById(await list(sc1!, 'options=dependencies'));
    expect(atSc1.get(ids.cart1)?.providers?.map((s) => s.serviceId)).toEqual([ids.pay]);
  });

  test('relations over the merged view', async () => {
    const g = (await get(sc2, `${GOV}/relations?global=true`)) as { nodes: { id: string }[]; lines: { from: { id: string }; to: { id: string } }[] };
    expect(g.nodes.map((n) => n.id).sort()).toEqual([ids.audit, ids.cart1, ids.cart2, gw, ids.pay].sort());
    expect(g.lines.map((l) => [l.from.id, l.to.id])).toEqual([[gw, ids.pay]]);
    expect(((await get(sc2, `${GOV}/relations`)) as { nodes: unknown[] }).nodes).toHaveLength(2);
  });

  test('apps and statistics over the merged view', async () => {
    expect(await get(sc2, `${GOV}/apps?global=true`)).toEqual({ appIds: ['bank', 'edge', 'shop'] });
    expect(await get(sc2, `${GOV}/apps?global=true&env=production`)).toEqual({ appIds: ['ops'] });
    expect(await get(sc2, `${GOV}/apps`)).toEqual({ appIds: ['bank', 'edge'] });
    expect(await get(sc2, `${GOV}/statistics?global=true`)).toEqual({
      statistics: { services: { count: 4, onlineCount: 2 }, instances: { count: 4, countByDomain: 4 }, apps: { count: 4 } },
    });
    expect(await get(sc2, `${GOV}/statistics`)).toEqual({
      statistics: { services: { count: 2, onlineCount: 1 }, instances: { count: 1, countByDomain: 1 }, apps: { count: 2 } },
    });
  });

  test("a cluster that stops answering: its instances are marked stale, with when they were last confirmed", async () => {
    await sc1?.stop();
    sc1 = undefined;
    await eventually(async () => {
      const cart = detailsById(await list(sc2, 'options=instances')).get(ids.cart1);
      return cart?.instances?.[0]?.properties?.['x-sc-stale'] === 'true';
    }, 20_000);
    const cart = detailsById(await list(sc2, 'options=instances')).get(ids.cart1);
    expect(cart?.instances?.[0]?.properties).toEqual({ 'x-sc-origin-cluster': 'sc1', 'x-sc-stale': 'true', 'x-sc-last-confirmed': expect.stringMatching(/^\d{4}-/) });
    const pay = detailsById(await list(sc2, 'options=instances')).get(ids.pay);
    expect(pay?.instances?.filter((i) => i.properties?.['x-sc-stale'] === undefined).map((i) => i.properties?.['x-sc-origin-cluster'])).toEqual(['sc2']);
  });
});
