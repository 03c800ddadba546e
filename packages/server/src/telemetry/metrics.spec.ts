import WebSocket from 'ws';
import { startTestServer } from '../__tests__/test-server';
import { call, createInstance, createService, eventually, find, uniqueName } from '../__tests__/instances-helpers';
import { Sample, scrape, valueOf } from '../__tests__/prometheus-text';

type Server = Awaited<ReturnType<typeof startTestServer>>;

const FIND = '/v4/:project/registry/instances';
const HEARTBEAT = '/v4/:project/registry/microservices/:serviceId/instances/:instanceId/heartbeat';

/** Service-Center's own series (its names and labels), moved by real requests. */
describe("Service-Center's metric series", () => {
  let server: Server;
  let instance = '';
  let delta: (before: readonly Sample[], after: readonly Sample[], name: string, labels: Record<string, string>) => number;

  beforeAll(async () => {
    server = await startTestServer();
    instance = `127.0.0.1:${server.port}`;
    delta = (before, after, name, labels) => (valueOf(after, name, { instance, ...labels }) ?? 0) - (valueOf(before, name, { instance, ...labels }) ?? 0);
  });
  afterAll(async () => {
    await server.stop();
  });

  test('http: every answer counted once with method, code, api and domain, on the fast path as on the app; 5xx is no success', async () => {
    const name = uniqueName('mh');
    const provider = await createService(server.url, { serviceName: name });
    await createInstance(server.url, provider, { hostName: 'h1' });
    const before = (await scrape(server.url)).samples;

    const query = { appId: 'app', serviceName: name };
    expect((await find(server.url, query)).status).toBe(200); // the app (fills the answer cache)
    const cached = await find(server.url, query); // the fast path
    expect(cached.status).toBe(200);
    const rev = cached.headers.get('x-resource-revision') ?? '';
    expect((await find(server.url, { ...query, rev })).status).toBe(304);
    expect((await find(server.url, { appId: 'app', serviceName: 'nothere' })).status).toBe(400);
    expect((await find(server.url, query, { 'X-Domain-Name': 'shop' })).status).toBe(400);
    expect((await call(server.url, 'GET', '/v1/syncer/health')).status).toBe(500);

    const after = (await scrape(server.url)).samples;
    const get = (code: string, domain = 'default', api = FIND) => ({ method: 'GET', code, api, domain });
    expect(delta(before, after, 'service_center_http_request_total', get('200'))).toBe(2);
    expect(delta(before, after, 'service_center_http_success_total', get('200'))).toBe(2);
    expect(delta(before, after, 'service_center_http_request_total', get('304'))).toBe(1);
    expect(delta(before, after, 'service_center_http_request_total', get('400'))).toBe(1);
    expect(delta(before, after, 'service_center_http_success_total', get('400'))).toBe(1);
    expect(delta(before, after, 'service_center_http_request_total', get('400', 'shop'))).toBe(1);
    expect(delta(before, after, 'service_center_http_request_total', get('500', 'default', '/v1/syncer/health'))).toBe(1);
    expect(valueOf(after, 'service_center_http_success_total', { instance, ...get('500', 'default', '/v1/syncer/health') })).toBeUndefined();
    // The latency summary (microseconds) saw each default-domain find, with its quantiles.
    const timed = { method: 'GET', api: FIND, domain: 'default' };
    expect(delta(before, after, 'service_center_http_request_durations_microseconds_count', timed)).toBe(4);
    expect(valueOf(after, 'service_center_http_request_durations_microseconds', { instance, ...timed, quantile: '0.99' })).toBeGreaterThan(0);
    // Our own series still count the same requests.
    expect(valueOf(after, 'sc_http_requests_total', { method: 'GET', route: FIND, status: '304' })).toBeGreaterThanOrEqual(1);
  });

  test('db: services, instances and domains by tenant and framework (SERVICECENTER left out); heartbeats renewed', async () => {
    const fw = { name: 'servicecomb-java-chassis', version: '2.8.0' };
    const name = uniqueName('md');
    const chassis = await call<{ serviceId: string }>(server.url, 'POST', '/v4/default/registry/microservices', {
      body: { service: { serviceName: name, appId: 'app', version: '1.0.0', framework: fw } },
    });
    expect(chassis.status).toBe(200);
    const shop = await call<{ serviceId: string }>(server.url, 'POST', '/v4/p1/registry/microservices', {
      body: { service: { serviceName: name, appId: 'app', version: '1.0.0' } },
      headers: { 'X-Domain-Name': 'shop' },
    });
    expect(shop.status).toBe(200);
    const ids = [await createInstance(server.url, chassis.body.serviceId, { hostName: 'a' }), await createInstance(server.url, chassis.body.serviceId, { hostName: 'b' })];
    const inShop = await call(server.url, 'POST', `/v4/p1/registry/microservices/${shop.body.serviceId}/instances`, {
      body: { instance: { hostName: 'c' } },
      headers: { 'X-Domain-Name': 'shop' },
    });
    expect(inShop.status).toBe(200);
    const before = (await scrape(server.url)).samples;

    const beat = `/v4/default/registry/microservices/${chassis.body.serviceId}/instances/${ids[0]}/heartbeat`;
    expect((await call(server.url, 'PUT', beat)).status).toBe(200); // the fast path
    expect((await call(server.url, 'PUT', beat)).status).toBe(200);
    const batch = await call(server.url, 'PUT', '/v4/default/registry/heartbeats', {
      body: { instances: [{ serviceId: chassis.body.serviceId, instanceId: ids[1] }] },
    });
    expect(batch.status).toBe(200);

    const after = (await scrape(server.url)).samples;
    const chassisLabels = { framework: fw.name, frameworkVersion: fw.version, domain: 'default', project: 'default' };
    const shopLabels = { framework: 'UNKNOWN', frameworkVersion: 'UNKNOWN', domain: 'shop', project: 'p1' };
    expect(valueOf(after, 'service_center_db_service_total', { instance, ...chassisLabels })).toBe(1);
    expect(valueOf(after, 'service_center_db_service_total', { instance, ...shopLabels })).toBe(1);
    expect(valueOf(after, 'service_center_db_instance_total', { instance, ...chassisLabels })).toBe(2);
    expect(valueOf(after, 'service_center_db_instance_total', { instance, ...shopLabels })).toBe(1);
    // SERVICECENTER (default/default, no framework) is not counted; the previous test's service is.
    expect(valueOf(after, 'service_center_db_service_total', { instance, ...chassisLabels, framework: 'UNKNOWN', frameworkVersion: 'UNKNOWN' })).toBe(1);
    expect(valueOf(after, 'service_center_db_domain_total', { instance })).toBe(2);
    expect(valueOf(after, 'service_center_db_sc_total', { instance })).toBe(1);
    expect(delta(before, after, 'service_center_db_heartbeat_total', { status: 'SUCCESS' })).toBe(3);
    expect(delta(before, after, 'service_center_db_heartbeat_durations_microseconds_count', { status: 'SUCCESS' })).toBe(3);
    expect(delta(before, after, 'service_center_http_request_total', { method: 'PUT', code: '200', api: HEARTBEAT, domain: 'default' })).toBe(2);
  });

  test('notify: a watcher is a subscriber of its domain; each instance event written to it is published', async () => {
    const providerName = uniqueName('mp');
    const provider = await createService(server.url, { serviceName: providerName });
    const consumer = await createService(server.url, { serviceName: uniqueName('mc') });
    // The find makes the consumer depend on the provider, so it is told of its instances.
    expect((await find(server.url, { appId: 'app', serviceName: providerName }, { 'X-ConsumerId': consumer })).status).toBe(200);
    const subscribers = { domain: 'default', scheme: 'Websocket' };
    const before = (await scrape(server.url)).samples;
    expect(valueOf(before, 'service_center_notify_subscriber_total', { instance, ...subscribers }) ?? 0).toBe(0);

    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/v4/default/registry/microservices/${consumer}/watcher`);
    const frames: string[] = [];
    ws.on('message', (d) => frames.push(String(d)));
    await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
    try {
      await eventually(async () => valueOf((await scrape(server.url)).samples, 'service_center_notify_subscriber_total', { instance, ...subscribers }) === 1);
      await createInstance(server.url, provider, { hostName: 'w1' });
      await eventually(() => frames.length === 1);
      let after: readonly Sample[] = [];
      await eventually(async () => {
        after = (await scrape(server.url)).samples;
        return delta(before, after, 'service_center_notify_publish_total', { source: 'INSTANCE', status: 'SUCCESS' }) === 1;
      });
      expect(delta(before, after, 'service_center_notify_publish_durations_microseconds_count', { source: 'INSTANCE', status: 'SUCCESS' })).toBe(1);
    } finally {
      ws.close();
    }
    await eventually(async () => (valueOf((await scrape(server.url)).samples, 'service_center_notify_subscriber_total', { instance, ...subscribers }) ?? 0) === 0);
  });
});
