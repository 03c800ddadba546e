import { DumpResponse, decodeWith } from '@service-center/core';
import * as E from 'fp-ts/Either';
import { startTestServer } from '../../__tests__/test-server';
import { call, createInstance, createService, find, uniqueName } from '../../__tests__/instances-helpers';
import { AlarmIds } from './alarms';
import { dumpOptions } from './dump';

type Server = Awaited<ReturnType<typeof startTestServer>>;
type Item = { key: string; rev: number; cluster: string; value?: unknown };
type Dump = { info?: Record<string, string>; cache?: Record<string, Item[]> };

describe('admin, health (SC\'s integration/health_test.go, admin_test.go)', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = await startTestServer({ clusterName: 'sc-a' });
    url = server.url;
  });
  afterAll(async () => {
    await server.stop();
  });

  test('GET /v4/default/registry/health and /health answer SC\'s own instance', async () => {
    for (const p of ['/v4/default/registry/health', '/health']) {
      const r = await call<{ instances: { serviceId: string; endpoints: string[]; status: string; healthCheck: unknown }[] }>(url, 'GET', p);
      expect(r.status).toBe(200);
      expect(r.body.instances).toHaveLength(1);
      expect(r.body.instances[0]).toMatchObject({
        endpoints: [`rest://127.0.0.1:${server.port}/`],
        status: 'UP',
        healthCheck: { mode: 'push', interval: 30, times: 3 },
      });
    }
  });

  test('SERVICECENTER is registered in default/default, global and cross-app', async () => {
    const health = await call<{ instances: { serviceId: string }[] }>(url, 'GET', '/health');
    const r = await call<{ service: Record<string, unknown> }>(url, 'GET', `/v4/default/registry/microservices/${health.body.instances[0].serviceId}`);
    expect(r.body.service).toMatchObject({
      appId: 'default',
      serviceName: 'SERVICECENTER',
      alias: 'SERVICECENTER',
      properties: { allowCrossApp: 'true' },
    });
    expect(r.body.service.environment ?? '').toBe('');
  });

  test('health is 400002 while BackendConnectionRefuse is active; alarms are listed and cleared', async () => {
    expect((await call(url, 'GET', '/v4/default/admin/alarms')).body).toEqual({});
    server.alarms.raise(AlarmIds.BackendConnectionRefuse, 'peer sc-b refused');
    const sick = await call(url, 'GET', '/v4/default/registry/health');
    expect(sick.status).toBe(400);
    expect(sick.body).toEqual({ errorCode: '400002', errorMessage: 'Server is Unhealthy', detail: 'peer sc-b refused' });
    const alarms = await call(url, 'GET', '/v4/default/admin/alarms');
    expect(alarms.body).toEqual({ alarms: [{ status: 'ACTIVATED', id: 'BackendConnectionRefuse', fields: { detail: 'peer sc-b refused' } }] });
    server.alarms.clear(AlarmIds.BackendConnectionRefuse);
    expect((await call(url, 'GET', '/health')).status).toBe(200);
    expect((await call<{ alarms: { status: string }[] }>(url, 'GET', '/v4/default/admin/alarms')).body.alarms[0].status).toBe('CLEARED');
    const del = await call(url, 'DELETE', '/v4/default/admin/alarms');
    expect(del.status).toBe(200);
    expect(del.text).toBe('');
    expect((await call(url, 'GET', '/v4/default/admin/alarms')).body).toEqual({});
  });

  test('dump: SC-format items with this cluster name, every section that has data', async () => {
    const name = uniqueName('dump');
    const sid = await createService(url, { serviceName: name, alias: `${name}-a` });
    const iid = await createInstance(url, sid, { hostName: 'h' });
    await call(url, 'POST', `/v4/default/registry/microservices/${sid}/tags`, { body: { tags: { k: 'v' } } });
    const consumer = await createService(url, { serviceName: uniqueName('c') });
    await find(url, { appId: 'app', serviceName: name }, { 'X-ConsumerId': consumer });
    const r = await call<Dump>(url, 'GET', '/v4/default/admin/dump');
    expect(r.status).toBe(200);
    expect(r.body.info).toBeUndefined();
    const cache = r.body.cache ?? {};
    expect(Object.keys(cache).sort()).toEqual(['dependencyRules', 'instances', 'serviceAliases', 'serviceIndexes', 'serviceTags', 'services']);
    for (const items of Object.values(cache)) {
      for (const item of items) {
        expect(item.cluster).toBe('sc-a');
        expect(typeof item.rev).toBe('number');
        expect(item.rev).toBeGreaterThan(0);
      }
    }
    expect(cache.services.find((i) => i.key === `/cse-sr/ms/files/default/default/${sid}`)?.value).toMatchObject({ serviceName: name });
    expect(cache.serviceIndexes.find((i) => i.key === `/cse-sr/ms/indexes/default/default//app/${name}/1.0.0`)?.value).toBe(sid);
    expect(cache.serviceAliases.find((i) => i.key === `/cse-sr/ms/alias/default/default//app/${name}-a/1.0.0`)?.value).toBe(sid);
    expect(cache.serviceTags.find((i) => i.key === `/cse-sr/ms/tags/default/default/${sid}`)?.value).toEqual({ k: 'v' });
    expect(cache.instances.find((i) => i.key === `/cse-sr/inst/files/default/default/${sid}/${iid}`)?.value).toMatchObject({ instanceId: iid });
    expect(cache.dependencyRules.map((i) => i.key)).toContain(`/cse-sr/ms/dep-rules/default/default/p//app/${name}/0.0.0+`);
    // core's codec for the peer contract reads it.
    expect(E.isRight(decodeWith(DumpResponse, r.body))).toBe(true);
  });

  test('dump options: info, all; the item field is `cluster`', async () => {
    const info = await call<Dump>(url, 'GET', '/v4/default/admin/dump?options=info');
    expect(info.body.cache).toBeUndefined();
    expect(info.body.info).toMatchObject({ version: expect.any(String), os: expect.any(String), arch: expect.any(String) });
    const all = await call<Dump>(url, 'GET', '/v4/default/admin/dump?options=all');
    expect(all.body.info).toBeDefined();
    expect(all.body.cache?.services.length).toBeGreaterThan(0);
    expect(all.text).not.toContain('clusterName');
  });

  test('dump from another tenant is 403001', async () => {
    for (const [p, h] of [
      ['/v4/default/admin/dump', { 'X-Domain-Name': 'other' }],
      ['/v4/proj/admin/dump', {}],
    ] as const) {
      const r = await call(url, 'GET', p, { headers: h });
      expect(r.status).toBe(403);
      expect(r.body.errorCode).toBe('403001');
    }
  });

  test('clusters: this server under its cluster name', async () => {
    const r = await call(url, 'GET', '/v4/default/admin/clusters');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ clusters: { 'sc-a': [url] } });
  });
});

describe('dump options parsing', () => {
  test.each([
    ['', { info: false, cache: true }],
    ['cache', { info: false, cache: true }],
    ['info', { info: true, cache: false }],
    ['all', { info: true, cache: true }],
    ['info,cache', { info: true, cache: true }],
    [' info , cache ', { info: true, cache: true }],
    ['unknown', { info: false, cache: false }],
  ])('%j', (text, expected) => {
    expect(dumpOptions(text)).toEqual(expected);
  });
});
