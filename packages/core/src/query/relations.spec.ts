import { relationGraph } from './relations';
import type { ReadService } from './reads';

const tenant = { domain: 'default', project: 'default' };
const svc = (serviceId: string, appId: string, serviceName: string): ReadService => ({ serviceId, appId, serviceName, version: '1.0.0' });
const blank = { appId: '', version: '', type: '', color: '', position: '' };

describe('relationGraph', () => {
  const web = svc('w', 'shop', 'web');
  const cart = svc('c', 'shop', 'cart');
  const sc = svc('s', 'default', 'SERVICECENTER');
  const providers: Record<string, ReadService[]> = { w: [cart, web, sc], c: [] };
  const of = (s: ReadService) => providers[s.serviceId] ?? [];

  test('no services: every list null', () => {
    expect(relationGraph(tenant, [], of, false)).toEqual({ nodes: null, lines: null, circles: null });
  });

  test('a line per provider, not to itself nor (without withShared) to Service-Center; the far end has only id and name', () => {
    const g = relationGraph(tenant, [web, cart], of, false);
    expect(g.nodes).toEqual([
      { id: 'w', name: 'web', appId: 'shop', version: '1.0.0', type: '', color: '', position: '' },
      { id: 'c', name: 'cart', appId: 'shop', version: '1.0.0', type: '', color: '', position: '' },
    ]);
    expect(g.lines).toEqual([{ from: g.nodes?.[0], to: { id: 'c', name: 'cart', ...blank }, type: '', color: '', descriptor: '' }]);
    expect(relationGraph(tenant, [web], of, true).lines?.map((l) => l.to.id)).toEqual(['c', 's']);
  });

  test('services without providers: lines null', () => {
    expect(relationGraph(tenant, [cart], of, false)).toEqual({ nodes: [expect.objectContaining({ id: 'c' })], lines: null, circles: null });
  });
});
