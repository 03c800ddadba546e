// Export and import rules between in-process federated servers, and their live reload.
import type { ServerConfig } from '../config/schema';
import type { ShareRules } from '@service-center/core';
import { startTestServer } from '../__tests__/test-server';
import { call, createInstance, createService, eventually, uniqueName } from '../__tests__/instances-helpers';

jest.setTimeout(60_000); // several servers on a busy 2-core machine

type Server = Awaited<ReturnType<typeof startTestServer>>;
type SourceRow = { cluster: string; kind: string; quarantined?: boolean; instances?: number; peer?: { exports?: unknown[]; imports?: unknown[] } };

// Full pulls are rare here: what arrives quickly arrives by the change stream or a resync.
const slow = { syncInterval: 30, peerTimeout: 2 };
const options = { federation: { pollWaitMs: 500, tickMs: 100 } };

async function globalNames(server: Server): Promise<string[]> {
  const r = await call<{ services?: { serviceName: string }[] }>(server.url, 'GET', '/v4/default/registry/microservices?global=true');
  return (r.body.services ?? []).map((s) => s.serviceName).sort();
}

async function globalInstances(server: Server, serviceName: string, appId: string): Promise<number> {
  const q = new URLSearchParams({ appId, serviceName, global: 'true' });
  const r = await call<{ instances?: unknown[] }>(server.url, 'GET', `/v4/default/registry/instances?${q.toString()}`);
  return r.body.instances?.length ?? 0;
}

async function sourceOf(server: Server, cluster: string): Promise<SourceRow | undefined> {
  const r = await call<{ sources?: SourceRow[] }>(server.url, 'GET', '/v4/default/admin/sources');
  return r.body.sources?.find((s) => s.cluster === cluster && s.kind === 'servicecenter');
}

/** A server whose reload reads `next()` (the running configuration with the test's edits). */
async function reloadable(overrides: Partial<ServerConfig>, edits: { next: Partial<ServerConfig> }): Promise<Server> {
  const server: Server = await startTestServer(overrides, {
    ...options,
    configSource: { load: () => ({ ...server.config, ...edits.next }) },
  });
  return server;
}

async function reload(server: Server): Promise<{ status: number; body: { changed?: string[]; kept?: string[]; errorCode?: string; detail?: string } }> {
  return call(server.url, 'POST', '/v4/default/admin/reload');
}

describe('export rules', () => {
  const edits: { next: Partial<ServerConfig> } = { next: {} };
  let sc1: Server;
  let sc2: Server;
  let sc3: Server;
  const cart = uniqueName('cart');
  const probe = uniqueName('probe');
  const secret = uniqueName('secret');
  const exports: ShareRules = [{ appId: 'shop' }, { appId: 'ops', peers: ['sc3'] }];

  beforeAll(async () => {
    sc1 = await reloadable({ clusterName: 'sc1', exports, ...slow }, edits);
    const cartId = await createService(sc1.url, { appId: 'shop', serviceName: cart });
    for (let i = 0; i < 3; i++) await createInstance(sc1.url, cartId, { hostName: `h${i}`, endpoints: [`rest://10.0.0.${i}:80`], status: 'UP' });
    await createService(sc1.url, { appId: 'ops', serviceName: probe });
    await createService(sc1.url, { appId: 'internal', serviceName: secret });
    // sc2 would quarantine any withdrawal of sc1's instances: a narrowed export must not be one.
    sc2 = await startTestServer({ clusterName: 'sc2', clusters: [{ name: 'sc1', urls: [sc1.url] }], quarantineMin: 1, quarantineShare: 0.5, ...slow }, options);
    sc3 = await startTestServer({ clusterName: 'sc3', clusters: [{ name: 'sc1', urls: [sc1.url] }], ...slow }, options);
  });
  afterAll(async () => {
    await Promise.all([sc2, sc3].map((s) => s.stop()));
    await sc1.stop();
  });

  test('each peer receives only what is exported to it, by dump and by change stream', async () => {
    await eventually(async () => (await globalNames(sc2)).includes(cart) && (await globalNames(sc3)).includes(probe), 15_000);
    expect(await globalNames(sc2)).toContain(cart);
    expect(await globalNames(sc2)).not.toContain(probe);
    expect(await globalNames(sc3)).toEqual(expect.arrayContaining([cart, probe]));
    for (const s of [sc2, sc3]) expect(await globalNames(s)).not.toContain(secret);
    expect(await globalInstances(sc2, cart, 'shop')).toBe(3);
    // A later registration travels by the stream, filtered per reader.
    const late = uniqueName('late');
    await createService(sc1.url, { appId: 'ops', serviceName: late });
    await eventually(async () => (await globalNames(sc3)).includes(late), 10_000);
    expect(await globalNames(sc2)).not.toContain(late);
  });

  test('the dump follows the declared cluster name; without one only unbound rules apply', async () => {
    const dumpNames = async (headers: Record<string, string>) => {
      const r = await call<{ cache?: { services?: { value?: { serviceName?: string } }[] }; exportScope?: string }>(sc1.url, 'GET', '/v4/default/admin/dump', { headers });
      return { names: (r.body.cache?.services ?? []).map((s) => s.value?.serviceName), scope: r.body.exportScope };
    };
    const asSc3 = await dumpNames({ 'x-sc-cluster': 'sc3' });
    const anonymous = await dumpNames({});
    expect(asSc3.names).toEqual(expect.arrayContaining([cart, probe]));
    expect(anonymous.names).toContain(cart);
    expect(anonymous.names).not.toContain(probe);
    expect(anonymous.names).not.toContain(secret);
    expect(asSc3.scope).not.toBe(anonymous.scope);
    const r = await call<{ events: { serviceId: string }[]; exportScope?: string }>(sc1.url, 'GET', '/v4/default/admin/changes?since=0', { headers: { 'x-sc-cluster': 'sc2' } });
    expect(r.body.exportScope).toBe((await dumpNames({ 'x-sc-cluster': 'sc2' })).scope);
  });

  test('/admin/sources shows the filters that concern each peer', async () => {
    const r = await call<{ sources?: SourceRow[] }>(sc1.url, 'GET', '/v4/default/admin/sources');
    // sc1 has no peers of its own; sc2 and sc3 show that they filter nothing.
    expect(r.body.sources?.some((s) => s.kind === 'servicecenter')).toBe(false);
    expect((await sourceOf(sc2, 'sc1'))?.peer?.exports).toBeUndefined();
    expect((await sourceOf(sc2, 'sc1'))?.peer?.imports).toBeUndefined();
  });

  test('narrowing the export withdraws at the peers at once, without quarantine', async () => {
    expect(await globalInstances(sc2, cart, 'shop')).toBe(3);
    edits.next = { exports: [{ appId: 'ops', peers: ['sc3'] }] };
    const started = Date.now();
    const r = await reload(sc1);
    expect(r.status).toBe(200);
    expect(r.body.changed).toContain('exports');
    await eventually(async () => (await globalInstances(sc2, cart, 'shop')) === 0, 10_000);
    expect(Date.now() - started).toBeLessThan(10_000); // well before the next full pull (30 s)
    expect(await globalNames(sc2)).not.toContain(cart);
    expect((await sourceOf(sc2, 'sc1'))?.quarantined).toBe(false);
    expect(await globalNames(sc3)).toContain(probe);
    await eventually(async () => !(await globalNames(sc3)).includes(cart), 10_000);
  });
});

describe('import rules', () => {
  const edits: { next: Partial<ServerConfig> } = { next: {} };
  let sc1: Server;
  let sc2: Server;
  const cart = uniqueName('cart');
  const probe = uniqueName('probe');

  beforeAll(async () => {
    sc1 = await startTestServer({ clusterName: 'sc1', ...slow }, options);
    const cartId = await createService(sc1.url, { appId: 'shop', serviceName: cart });
    for (let i = 0; i < 3; i++) await createInstance(sc1.url, cartId, { hostName: `h${i}`, endpoints: [`rest://10.0.1.${i}:80`], status: 'UP' });
    await createService(sc1.url, { appId: 'ops', serviceName: probe });
    sc2 = await reloadable(
      { clusterName: 'sc2', clusters: [{ name: 'sc1', urls: [sc1.url] }], imports: [{ appId: 'shop', peers: ['sc1'] }], quarantineMin: 1, quarantineShare: 0.5, ...slow },
      edits,
    );
  });
  afterAll(async () => {
    await sc2.stop();
    await sc1.stop();
  });

  test('only what the import rules accept from the peer enters the merged view, stream included', async () => {
    await eventually(async () => (await globalInstances(sc2, cart, 'shop')) === 3, 15_000);
    expect(await globalNames(sc2)).not.toContain(probe);
    const later = uniqueName('later');
    const laterId = await createService(sc1.url, { appId: 'shop', serviceName: later });
    await createInstance(sc1.url, laterId, { hostName: 'l', endpoints: ['rest://10.0.1.9:80'], status: 'UP' });
    const skipped = await createService(sc1.url, { appId: 'ops', serviceName: uniqueName('skipped') });
    await createInstance(sc1.url, skipped, { hostName: 's', endpoints: ['rest://10.0.1.8:80'], status: 'UP' });
    await eventually(async () => (await globalInstances(sc2, later, 'shop')) === 1, 10_000);
    expect((await globalNames(sc2)).filter((n) => n.startsWith('skipped'))).toEqual([]);
    expect((await sourceOf(sc2, 'sc1'))?.peer?.imports).toEqual([{ appId: 'shop', peers: ['sc1'] }]);
  });

  test('a widened import pulls at once; a narrowed one removes records as DELETE events, no quarantine', async () => {
    edits.next = { imports: [] };
    expect((await reload(sc2)).body.changed).toContain('imports');
    await eventually(async () => (await globalNames(sc2)).includes(probe), 10_000);
    edits.next = { imports: [{ appId: 'ops' }] };
    await reload(sc2);
    await eventually(async () => (await globalInstances(sc2, cart, 'shop')) === 0, 10_000);
    expect(await globalNames(sc2)).toContain(probe);
    expect((await sourceOf(sc2, 'sc1'))?.quarantined).toBe(false);
  });
});
