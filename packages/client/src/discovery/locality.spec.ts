import type { MicroServiceInstance } from '@service-center/core';
import { rankInstances } from './locality';

function inst(id: string, o: { cluster?: string; region?: string; zone?: string; status?: string; stale?: boolean; demoted?: boolean } = {}): MicroServiceInstance {
  const properties: Record<string, string> = {};
  if (o.cluster) properties['x-sc-origin-cluster'] = o.cluster;
  if (o.stale) properties['x-sc-stale'] = 'true';
  if (o.demoted) properties['x-sc-demoted'] = 'true';
  return {
    instanceId: id,
    serviceId: 's',
    status: o.status,
    properties,
    dataCenterInfo: o.region ? { name: 'dc', region: o.region, availableZone: o.zone ?? '' } : undefined,
  };
}

const ids = (xs: { instance: MicroServiceInstance }[]) => xs.map((x) => x.instance.instanceId);

describe('rankInstances', () => {
  const here = { cluster: 'sc1', region: 'eu', zone: 'eu-1' };

  test('same cluster first, then same region and zone, then same region, then the rest (stable within a tier)', () => {
    const list = [
      inst('far', { cluster: 'sc3', region: 'us', zone: 'us-1' }),
      inst('region', { cluster: 'sc2', region: 'eu', zone: 'eu-2' }),
      inst('zone', { cluster: 'sc2', region: 'eu', zone: 'eu-1' }),
      inst('local-a', { cluster: 'sc1', region: 'us' }),
      inst('far2', { cluster: 'sc3' }),
      inst('local-b', { cluster: 'sc1' }),
    ];
    const ranked = rankInstances(list, here);
    expect(ids(ranked)).toEqual(['local-a', 'local-b', 'zone', 'region', 'far', 'far2']);
    expect(ranked.map((r) => r.tier)).toEqual(['cluster', 'cluster', 'zone', 'region', 'remote', 'remote']);
    expect(ranked[0].origin).toBe('sc1');
  });

  test('instances that are not UP are skipped; no status means UP', () => {
    const list = [inst('down', { status: 'DOWN' }), inst('starting', { status: 'STARTING' }), inst('none'), inst('up', { status: 'UP' })];
    expect(ids(rankInstances(list, here))).toEqual(['none', 'up']);
  });

  test('stale instances only when nothing fresh exists, even a closer one', () => {
    const list = [inst('stale-local', { cluster: 'sc1', stale: true }), inst('fresh-far', { cluster: 'sc3' })];
    expect(ids(rankInstances(list, here))).toEqual(['fresh-far']);
    const onlyStale = [inst('demoted-local', { cluster: 'sc1', stale: true, demoted: true }), inst('stale-far', { cluster: 'sc3', stale: true })];
    const ranked = rankInstances(onlyStale, here);
    expect(ids(ranked)).toEqual(['stale-far', 'demoted-local']);
    expect(ranked.every((r) => r.stale)).toBe(true);
  });

  test('a DOWN fresh instance does not count as fresh: the stale UP ones are served', () => {
    const list = [inst('fresh-down', { cluster: 'sc1', status: 'DOWN' }), inst('stale-up', { cluster: 'sc2', stale: true })];
    expect(ids(rankInstances(list, here))).toEqual(['stale-up']);
  });

  test('without a locality the server order is kept', () => {
    const list = [inst('b', { cluster: 'sc2' }), inst('a', { cluster: 'sc1' })];
    expect(ids(rankInstances(list, {}))).toEqual(['b', 'a']);
  });
});
