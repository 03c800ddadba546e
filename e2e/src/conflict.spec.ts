import { ScNode, api, eventually, startPeeredPair, stopAll } from './support/node';

type ConflictJson = { kind: string; clusters: string[]; winner: string; reason: string; serviceIds?: string[]; winnerServiceId?: string };

describe('conflicts between clusters', () => {
  let sc1: ScNode;
  let sc2: ScNode;
  beforeAll(async () => {
    [sc1, sc2] = await startPeeredPair();
  });
  afterAll(() => stopAll([sc1, sc2]));

  test('the same key with different explicit serviceIds shows on both servers with the same winner', async () => {
    const service = { serviceName: 'payments', appId: 'shop', version: '1.0.0' };
    const a = await api(sc1.url, 'POST', '/v4/default/registry/microservices', { service: { ...service, serviceId: 'payments-sc1' } });
    expect(a.status).toBe(200);
    // A later registration: the older one (sc1's) must win everywhere.
    await new Promise((r) => setTimeout(r, 1100));
    const b = await api(sc2.url, 'POST', '/v4/default/registry/microservices', { service: { ...service, serviceId: 'payments-sc2' } });
    expect(b.status).toBe(200);
    const seen = await Promise.all(
      [sc1, sc2].map((node) =>
        eventually(async () => {
          const r = await api(node.url, 'GET', '/v4/default/admin/conflicts');
          const list = (r.body.conflicts as ConflictJson[] | undefined) ?? [];
          return list.find((c) => c.kind === 'service-id');
        }, 10_000, `conflict on ${node.spec.name}`),
      ),
    );
    for (const c of seen) {
      expect(c.clusters).toEqual(['sc1', 'sc2']);
      expect(c.winner).toBe('sc1');
      expect(c.winnerServiceId).toBe('payments-sc1');
      expect(c.serviceIds).toEqual(['payments-sc1', 'payments-sc2']);
      expect(c.reason).toMatch(/older|oldest|earlier|timestamp/i);
    }
    expect(seen[0]).toEqual(seen[1]);
    // Both servers serve the winner's definition in global reads.
    for (const node of [sc1, sc2]) {
      const r = await api(node.url, 'GET', '/v4/default/registry/existence?type=microservice&appId=shop&serviceName=payments&version=1.0.0&global=true');
      expect(r.body.serviceId).toBe('payments-sc1');
    }
  });
});
