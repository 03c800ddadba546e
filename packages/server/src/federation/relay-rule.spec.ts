// The relay rule with real pullers: who may speak for which cluster, as /admin/sources shows it.
import type { DumpCache } from '@service-center/core';
import { FakePeer } from '../__tests__/fake-peer';
import { startTestServer } from '../__tests__/test-server';
import { call, eventually } from '../__tests__/instances-helpers';

type Server = Awaited<ReturnType<typeof startTestServer>>;
type Relay = { cluster: string; accepted: boolean; reason: string };
const options = { federation: { pollWaitMs: 300, tickMs: 100 } };

/** A dump with one service and one instance per origin cluster (`default` = the peer's own). */
function dumpOf(origins: string[]): DumpCache {
  return {
    services: origins.map((o) => ({ key: `/cse-sr/ms/files/default/default/s-${o}`, rev: 1, cluster: o, value: { appId: 'app', serviceName: `svc-${o}`, version: '1.0.0' } })),
    instances: origins.map((o) => ({ key: `/cse-sr/inst/files/default/default/s-${o}/i-${o}`, rev: 2, cluster: o, value: { hostName: `h-${o}`, endpoints: ['rest://10.0.0.1:80'], status: 'UP' } })),
  };
}

async function served(server: Server): Promise<string[]> {
  const r = await call<{ services?: { serviceName: string }[] }>(server.url, 'GET', '/v4/default/registry/microservices?global=true');
  return (r.body.services ?? []).map((s) => s.serviceName).filter((n) => n.startsWith('svc-')).sort();
}

async function relaysOf(server: Server, peer: string): Promise<Relay[] | undefined> {
  const r = await call<{ sources?: { cluster: string; kind: string; peer?: { relays?: Relay[] } }[] }>(server.url, 'GET', '/v4/default/admin/sources');
  return r.body.sources?.find((s) => s.cluster === peer && s.kind === 'servicecenter')?.peer?.relays;
}

describe('the relay rule', () => {
  const peers: FakePeer[] = [];
  const servers: Server[] = [];
  const fake = async (dump: DumpCache) => {
    const p = new FakePeer();
    p.stream = false;
    p.dump = dump;
    await p.start();
    peers.push(p);
    return p;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
    await Promise.all(peers.splice(0).map((p) => p.stop()));
  });

  test('a peer may not speak for this cluster or a direct peer; an undeclared relay it alone claims is served', async () => {
    const sc3 = await fake(dumpOf(['default']));
    const sc2 = await fake(dumpOf(['default', 'sc4', 'sc1', 'sc3']));
    const sc1 = await startTestServer({ clusterName: 'sc1', syncInterval: 1, clusters: [{ name: 'sc3', urls: [sc3.url] }, { name: 'sc2', urls: [sc2.url] }] }, options);
    servers.push(sc1);
    await eventually(async () => (await relaysOf(sc1, 'sc2'))?.length === 1, 10_000);
    // Copies of ours and of a direct peer's are normal relays and silently not taken: only sc4 is a relay question.
    expect(await relaysOf(sc1, 'sc2')).toEqual([{ cluster: 'sc4', accepted: true, reason: 'the only peer claiming it' }]);
    // sc2's own and sc4's are served (each under its origin); sc3's own copy only, from sc3.
    await eventually(async () => (await served(sc1)).includes('svc-sc4'), 10_000);
    const global = await call<{ instances?: { hostName: string; properties?: Record<string, string> }[] }>(
      sc1.url,
      'GET',
      '/v4/default/registry/instances?appId=app&serviceName=svc-sc3&global=true',
    );
    expect((global.body.instances ?? []).map((i) => i.hostName)).toEqual([]);
    const names = await served(sc1);
    expect(names).not.toContain('svc-sc1'); // labelled as us
    expect(names).not.toContain('svc-sc3'); // labelled as a direct peer, which sent no such service
  });

  test('two peers claiming one undeclared cluster: the first is served, the second refused until relays are declared', async () => {
    const sc3 = await fake(dumpOf(['default', 'sc9']));
    const sc2 = await fake(dumpOf(['default', 'sc9']));
    sc2.delayMs = 600; // sc3 answers first, so it claims sc9 first
    const sc1 = await startTestServer({ clusterName: 'sc1', syncInterval: 1, clusters: [{ name: 'sc3', urls: [sc3.url] }, { name: 'sc2', urls: [sc2.url] }] }, options);
    servers.push(sc1);
    await eventually(async () => (await relaysOf(sc1, 'sc2'))?.length === 1, 10_000);
    expect(await relaysOf(sc1, 'sc2')).toEqual([
      { cluster: 'sc9', accepted: false, reason: "also claimed by sc3, which came first: declare 'relays' for the peer that should relay sc9" },
    ]);
    expect(await relaysOf(sc1, 'sc3')).toEqual([{ cluster: 'sc9', accepted: true, reason: 'first to claim it (others refused)' }]);
    expect(await served(sc1)).toContain('svc-sc9');
  });

  test("declared relays: a peer relays only what its entry names, and a declared cluster only from its declarer", async () => {
    const sc3 = await fake(dumpOf(['default', 'sc4']));
    const sc2 = await fake(dumpOf(['default', 'sc4', 'sc9']));
    const sc1 = await startTestServer(
      { clusterName: 'sc1', syncInterval: 1, clusters: [{ name: 'sc3', urls: [sc3.url] }, { name: 'sc2', urls: [sc2.url], relays: ['sc4'] }] },
      options,
    );
    servers.push(sc1);
    await eventually(async () => (await relaysOf(sc1, 'sc2'))?.length === 2 && (await relaysOf(sc1, 'sc3'))?.length === 1, 10_000);
    expect(await relaysOf(sc1, 'sc2')).toEqual([
      { cluster: 'sc4', accepted: true, reason: "declared in sc2's relays" },
      { cluster: 'sc9', accepted: false, reason: "not in sc2's declared relays (sc4)" },
    ]);
    expect(await relaysOf(sc1, 'sc3')).toEqual([{ cluster: 'sc4', accepted: false, reason: 'relays of sc4 are declared for sc2 only' }]);
    await eventually(async () => (await served(sc1)).includes('svc-sc4'), 10_000);
    expect(await served(sc1)).not.toContain('svc-sc9');
  });
});
