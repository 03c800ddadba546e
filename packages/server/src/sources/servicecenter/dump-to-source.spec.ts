import { DumpCache } from '@service-center/core';
import { dumpRecords, dumpToSource, originOf, recordOrigins, recordsFrom } from './dump-to-source';

const health = { status: 'fresh' as const, lastConfirmed: 1000 };

describe('dumpToSource', () => {
  test("items marked '' or 'default' are the peer's own; other names are relayed origins", () => {
    expect(originOf('', 'sc2')).toBe('sc2');
    expect(originOf(undefined, 'sc2')).toBe('sc2');
    expect(originOf('default', 'sc2')).toBe('sc2');
    expect(originOf('sc3', 'sc2')).toBe('sc3');
  });

  test('services, instances, tags and summaries become records keyed by their etcd keys', () => {
    const cache: DumpCache = {
      services: [{ key: '/cse-sr/ms/files/default/default/s1', rev: 7, cluster: 'default', value: { serviceName: 'a', appId: 'app', version: '1.0.0' } }],
      serviceIndexes: [{ key: '/cse-sr/ms/indexes/default/default//app/a/1.0.0', rev: 7, cluster: 'default', value: 's1' }],
      instances: [
        { key: '/cse-sr/inst/files/default/default/s1/i1', rev: 9, cluster: 'sc3', value: { hostName: 'h', endpoints: ['rest://1.2.3.4:80'] } },
      ],
      serviceTags: [{ key: '/cse-sr/ms/tags/default/default/s1', rev: 8, cluster: '', value: { k: 'v' } }],
      summaries: [{ key: '/cse-sr/ms/schema-sum/default/default/s1/schemaA', rev: 8, cluster: 'default', value: 'sum1' }],
    };
    const src = dumpToSource('sc2', cache, health, 'e:1');
    expect(src).toMatchObject({ cluster: 'sc2', kind: 'servicecenter', health, revision: 'e:1' });
    expect(src.services).toEqual([
      { origin: 'sc2', rev: 7, tenant: { domain: 'default', project: 'default' }, service: { serviceName: 'a', appId: 'app', version: '1.0.0', serviceId: 's1' } },
    ]);
    expect(src.instances).toEqual([
      {
        origin: 'sc3',
        rev: 9,
        tenant: { domain: 'default', project: 'default' },
        instance: { hostName: 'h', endpoints: ['rest://1.2.3.4:80'], serviceId: 's1', instanceId: 'i1' },
      },
    ]);
    expect(src.tags).toEqual([{ origin: 'sc2', rev: 8, tenant: { domain: 'default', project: 'default' }, serviceId: 's1', tags: { k: 'v' } }]);
    expect(src.summaries).toEqual([
      { origin: 'sc2', rev: 8, tenant: { domain: 'default', project: 'default' }, serviceId: 's1', schemaId: 'schemaA', summary: 'sum1' },
    ]);
  });

  test('items with unparsable keys or no value are skipped, never fatal', () => {
    const src = dumpToSource('sc2', {
      services: [{ key: '/junk', rev: 1, cluster: 'default', value: { serviceName: 'x' } }, { key: '/cse-sr/ms/files/d/p/s9', rev: 1, cluster: '' }],
      instances: [{ key: '/cse-sr/ms/files/d/p/s9', rev: 1, cluster: '', value: { hostName: 'h' } }],
    }, health);
    expect(src.services).toEqual([]);
    expect(src.instances).toEqual([]);
  });

  test("records of an origin the relay rule refuses are skipped; dumpOrigins names every origin", () => {
    const cache: DumpCache = {
      instances: [
        { key: '/cse-sr/inst/files/default/default/s1/own', rev: 1, cluster: 'default', value: { hostName: 'a' } },
        { key: '/cse-sr/inst/files/default/default/s1/relayed', rev: 1, cluster: 'sc3', value: { hostName: 'b' } },
        { key: '/cse-sr/inst/files/default/default/s1/far', rev: 1, cluster: 'sc4', value: { hostName: 'c' } },
      ],
    };
    const records = dumpRecords('sc2', cache);
    expect([...recordOrigins(records)].sort()).toEqual(['sc2', 'sc3', 'sc4']);
    expect(recordsFrom(records, (origin) => origin !== 'sc3').instances.map((i) => i.instance.instanceId)).toEqual(['own', 'far']);
    const src = dumpToSource('sc2', cache, health, undefined, (origin) => origin !== 'sc3');
    expect(src.instances?.map((i) => i.instance.instanceId)).toEqual(['own', 'far']);
  });

  test("the peer's own SERVICECENTER registration and its instances are not federated", () => {
    const cache: DumpCache = {
      services: [
        { key: '/cse-sr/ms/files/default/default/scid', rev: 1, cluster: 'default', value: { serviceName: 'SERVICECENTER', appId: 'default', version: '0.1.0' } },
        { key: '/cse-sr/ms/files/default/default/app1', rev: 1, cluster: 'default', value: { serviceName: 'app', appId: 'default', version: '0.1.0' } },
      ],
      instances: [
        { key: '/cse-sr/inst/files/default/default/scid/i1', rev: 1, cluster: 'default', value: { hostName: 'sc' } },
        { key: '/cse-sr/inst/files/default/default/app1/i2', rev: 1, cluster: 'default', value: { hostName: 'app' } },
      ],
    };
    const src = dumpToSource('sc2', cache, health);
    expect(src.services?.map((s) => s.service.serviceId)).toEqual(['app1']);
    expect(src.instances?.map((i) => i.instance.instanceId)).toEqual(['i2']);
  });
});
