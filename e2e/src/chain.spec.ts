import { ScNode, eventually } from './support/node';
import { find, registerInstance, registerService } from './support/registry';
import { freePort } from './support/free-port';

/** sc1 <-> sc2 <-> sc3, each peering only with its neighbours: all converge, no duplicates. */
describe('a chain of three clusters', () => {
  const nodes: ScNode[] = [];
  beforeAll(async () => {
    const [p1, p2, p3] = [await freePort(), await freePort(), await freePort()];
    const u = (p: number) => `http://127.0.0.1:${p}`;
    nodes.push(
      new ScNode({ name: 'sc1', port: p1, peers: [`sc2=${u(p2)}`] }),
      new ScNode({ name: 'sc2', port: p2, peers: [`sc1=${u(p1)}`, `sc3=${u(p3)}`] }),
      new ScNode({ name: 'sc3', port: p3, peers: [`sc2=${u(p2)}`] }),
    );
    await Promise.all(nodes.map((n) => n.start()));
  });
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    nodes.forEach((n) => n.cleanup());
  });

  test('records keep their origin through the relay and every server sees each instance once', async () => {
    const [sc1, , sc3] = nodes;
    const a = await registerService(sc1.url, { serviceName: 'catalog', appId: 'shop', version: '1.0.0' });
    const b = await registerService(sc3.url, { serviceName: 'catalog', appId: 'shop', version: '1.0.0' });
    expect(b).toBe(a); // same key, same deterministic serviceId: one logical service
    const i1 = await registerInstance(sc1.url, a, { endpoints: ['rest://10.1.0.1:80'] });
    const i3 = await registerInstance(sc3.url, b, { endpoints: ['rest://10.3.0.1:80'] });
    for (const node of nodes) {
      const r = await eventually(async () => {
        const f = await find(node.url, 'shop', 'catalog', true);
        return f.instances.length === 2 ? f : undefined;
      }, 15_000, `both instances on ${node.spec.name}`);
      const byId = Object.fromEntries(r.instances.map((i) => [i.instanceId, i.properties?.['x-sc-origin-cluster']]));
      expect(byId).toEqual({ [i1]: 'sc1', [i3]: 'sc3' });
    }
    // A deletion travels the chain too.
    const del = await fetch(`${sc1.url}/v4/default/registry/microservices/${a}/instances/${i1}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    await eventually(async () => {
      const f = await find(sc3.url, 'shop', 'catalog', true);
      return f.instances.length === 1 && f.instances[0].instanceId === i3 ? true : undefined;
    }, 15_000, 'deletion relayed to sc3');
  });
});
