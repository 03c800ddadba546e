import { startTestServer } from '../../__tests__/test-server';
import { TestServer, call, createService } from '../../__tests__/services-client';
import { GOV, ShopIds, seedShop } from '../../__tests__/govern-fixtures';

type Node = { id: string; name: string; appId: string; version: string; type: string; color: string; position: string };
type Graph = { nodes: Node[] | null; lines: { from: Node; to: Node; type: string; color: string; descriptor: string }[] | null; circles: null };

describe('GET /govern/relations', () => {
  let server: TestServer;
  let ids: ShopIds;
  beforeAll(async () => {
    server = await startTestServer();
    ids = await seedShop(server);
  });
  afterAll(async () => server.stop());

  const graph = async (path = `${GOV}/relations`) => {
    const r = await call(server, 'GET', path);
    expect(r.status).toBe(200);
    return r.json as Graph;
  };

  test('a node per service, a line per provider; every field serialized, circles null', async () => {
    const g = await graph();
    expect(g.circles).toBeNull();
    expect(g.nodes?.map((n) => n.id).sort()).toEqual([ids.audit, ids.cart1, ids.cart2, ids.pay].sort());
    expect(g.nodes?.find((n) => n.id === ids.cart1)).toEqual({ id: ids.cart1, name: 'cart', appId: 'shop', version: '1.0.0', type: '', color: '', position: '' });
    expect(g.lines).toEqual([
      {
        from: { id: ids.cart1, name: 'cart', appId: 'shop', version: '1.0.0', type: '', color: '', position: '' },
        to: { id: ids.pay, name: 'pay', appId: '', version: '', type: '', color: '', position: '' },
        type: '',
        color: '',
        descriptor: '',
      },
    ]);
  });

  test('withShared adds Service-Center as a node', async () => {
    const plain = await graph();
    const shared = await graph(`${GOV}/relations?withShared=true`);
    expect(shared.nodes?.filter((n) => n.name === 'SERVICECENTER')).toHaveLength(1);
    expect(shared.nodes).toHaveLength((plain.nodes?.length ?? 0) + 1);
  });

  test('a self-dependency draws no line', async () => {
    await createService(server, { appId: 'loop', serviceName: 'self', version: '1.0.0' });
    const r = await call(server, 'PUT', '/v4/default/registry/dependencies', {
      body: { dependencies: [{ consumer: { appId: 'loop', serviceName: 'self', version: '1.0.0' }, providers: [{ serviceName: 'self' }] }] },
    });
    expect(r.status).toBe(200);
    expect((await graph()).lines).toHaveLength(1);
  });

  test('no services: nodes and lines null; services without rules: lines null', async () => {
    expect(await graph('/v4/nothing/govern/relations')).toEqual({ nodes: null, lines: null, circles: null });
    await createService(server, { appId: 'lonely', serviceName: 'one', version: '1.0.0' }, {}, 'lonely-domain');
    const lonely = await call(server, 'GET', `${GOV}/relations`, { domain: 'lonely-domain' });
    expect(lonely.json).toEqual({ nodes: [expect.objectContaining({ name: 'one' })], lines: null, circles: null });
  });
});
