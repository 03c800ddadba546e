import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { DEFAULT_TENANT } from '@service-center/core';
import { startTestServer } from '../__tests__/test-server';
import { DEFAULT_CONFIG } from '../config/schema';
import { TenantCensus } from './microservices/tenant-census';
import { MemoryKv } from '../store/memory/memory-kv';
import { createMetrics } from '../telemetry/metrics';
import { FindAnswers } from './discovery/find-answers';
import { findCacheKey, findInputsOf, findPolicyOf } from './discovery/find-request';
import { fastPath } from './fast-path';

async function post(base: string, p: string, body: unknown): Promise<Record<string, string>> {
  const r = await fetch(`${base}${p}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return (await r.json()) as Record<string, string>;
}

describe('the fast path answers exactly as the app does', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let serviceId = '';
  let instanceId = '';
  beforeAll(async () => {
    server = await startTestServer();
    serviceId = (await post(server.url, '/v4/default/registry/microservices', { service: { serviceName: 'fast', appId: 'app', version: '1.0.0' } })).serviceId;
    instanceId = (await post(server.url, `/v4/default/registry/microservices/${serviceId}/instances`, { instance: { hostName: 'h', endpoints: ['rest://1.1.1.1:1'] } })).instanceId;
  });
  afterAll(async () => {
    await server.stop();
  });

  test('a repeated find is served from the cache with the same body and headers; rev gives 304', async () => {
    const url = `${server.url}/v4/default/registry/instances?appId=app&serviceName=fast`;
    const first = await fetch(url);
    const second = await fetch(url);
    expect(second.status).toBe(200);
    expect(await second.text()).toBe(await first.text());
    for (const h of ['content-type', 'x-resource-revision']) expect(second.headers.get(h)).toBe(first.headers.get(h));
    expect(second.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const rev = second.headers.get('x-resource-revision') ?? '';
    const notModified = await fetch(`${url}&rev=${rev}`);
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('x-resource-revision')).toBe(rev);
    expect(await notModified.text()).toBe('');
    // noCache disables the rev check (SC's rule), on either path.
    expect((await fetch(`${url}&rev=${rev}&noCache=true`)).status).toBe(200);
  });

  test('a change of the data is seen at once: the cached answer is not reused', async () => {
    const url = `${server.url}/v4/default/registry/instances?appId=app&serviceName=fast`;
    const before = (await (await fetch(url)).json()) as { instances: unknown[] };
    const added = (await post(server.url, `/v4/default/registry/microservices/${serviceId}/instances`, { instance: { hostName: 'h2' } })).instanceId;
    const after = (await (await fetch(url)).json()) as { instances: { instanceId: string }[] };
    expect(after.instances.length).toBe(before.instances.length + 1);
    expect(after.instances.map((i) => i.instanceId)).toContain(added);
  });

  test('errors still come from the app: unknown provider 400012, unknown instance heartbeat 400017', async () => {
    const miss = await fetch(`${server.url}/v4/default/registry/instances?appId=app&serviceName=nope`);
    expect(miss.status).toBe(400);
    expect(((await miss.json()) as Record<string, string>).errorCode).toBe('400012');
    const again = await fetch(`${server.url}/v4/default/registry/instances?appId=app&serviceName=nope`);
    expect(((await again.json()) as Record<string, string>).errorCode).toBe('400012');
    const hb = await fetch(`${server.url}/v4/default/registry/microservices/${serviceId}/instances/nothere/heartbeat`, { method: 'PUT' });
    expect(hb.status).toBe(400);
    expect(((await hb.json()) as Record<string, string>).errorCode).toBe('400017');
  });

  test('a heartbeat answers 200 with an empty text body and renews the lease', async () => {
    const hb = await fetch(`${server.url}/v4/default/registry/microservices/${serviceId}/instances/${instanceId}/heartbeat`, { method: 'PUT' });
    expect(hb.status).toBe(200);
    expect(hb.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await hb.text()).toBe('');
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/sc_http_requests_total\{method="PUT",route="\/v4\/:project\/registry\/microservices\/:serviceId\/instances\/:instanceId\/heartbeat",status="200"\} [1-9]/);
  });

  test('a bad tenant is refused by the app even for a cached find', async () => {
    const r = await fetch(`${server.url}/v4/default/registry/instances?appId=app&serviceName=fast`, { headers: { 'X-Domain-Name': 'a/b' } });
    expect(r.status).toBe(400);
  });
});

describe('the fast path reads version as find does', () => {
  // The fast path alone, with no app behind it: every answer it gives comes from the cache,
  // and a request it leaves to the app is answered 404 'missed'.
  const cachedBody = JSON.stringify({ instances: [{ instanceId: 'cached' }] });
  let store: MemoryKv;
  let server: http.Server;
  let url = '';

  async function start(findVersionRules: boolean, cachedVersion: string): Promise<void> {
    store = new MemoryKv();
    const config = { ...DEFAULT_CONFIG, findVersionRules };
    const deps = { store, config, clusterName: 'default', log: pino({ level: 'silent' }), now: () => Date.now(), tenants: new TenantCensus(store) };
    const findAnswers = new FindAnswers(() => store.revision(), () => undefined, () => undefined);
    const query = (n: string) => ({ appId: 'app', serviceName: 'svc', version: cachedVersion })[n] ?? '';
    const key = findCacheKey(findInputsOf(DEFAULT_TENANT, query, () => ''), false, findPolicyOf(config));
    findAnswers.put(key, false, 'rev-1', cachedBody);
    const handle = fastPath({ deps, findAnswers, metrics: createMetrics(false) });
    server = http.createServer((req, res) => {
      void handle(req, res).then((done) => {
        if (!done) res.writeHead(404).end('missed');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v4/default/registry/instances?appId=app&serviceName=svc`;
  }
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    store.close();
  });

  test('by default one cached answer serves every version text, and its rev gives 304', async () => {
    await start(false, 'latest');
    for (const version of ['', '&version=0%252B', '&version=latest', '&version=1.x', '&version=%25']) {
      const r = await fetch(`${url}${version}`);
      expect(r.status).toBe(200);
      expect(await r.text()).toBe(cachedBody);
      expect((await fetch(`${url}${version}&rev=rev-1`)).status).toBe(304);
    }
  });

  test('under --find-version-rules an answer is cached per rule text: another text goes to the app', async () => {
    await start(true, 'latest');
    expect(await (await fetch(`${url}&version=latest`)).text()).toBe(cachedBody);
    for (const version of ['', '&version=0%252B', '&version=1.0.0%2B']) {
      const r = await fetch(`${url}${version}`);
      expect(r.status).toBe(404);
      expect(await r.text()).toBe('missed');
    }
  });
});
