// GET /v4/default/admin/dump (SC's pkg/dump/dump.go): items are {key, rev, cluster, value}.
import { decodeJson, decodeWith } from '../codec/decode';
import { DependencyRuleItem, DumpCache, DumpResponse, IndexItem, InstanceItem, ServiceItem, SummaryItem, TagItem, VersionInfo, dumpItem } from './dump';
import { Int32 } from '../codec/optional';
import { leftOf, rightOf } from '../__tests__/wire-helpers';

const SID = 'a'.repeat(40);
const IID = 'b'.repeat(32);

const DUMP = {
  info: { version: '2.2.0', buildTag: 'tag', goVersion: 'go1.18', os: 'linux', arch: 'amd64' },
  cache: {
    services: [{ key: `/cse-sr/ms/files/default/default/${SID}`, rev: 123, cluster: 'default', value: { serviceId: SID, serviceName: 'svc' } }],
    serviceIndexes: [{ key: '/cse-sr/ms/indexes/default/default//app/svc/1.0.0', rev: 123, cluster: 'default', value: SID }],
    serviceAliases: [{ key: '/cse-sr/ms/alias/default/default//app/alias/1.0.0', rev: 123, cluster: 'default', value: SID }],
    serviceTags: [{ key: `/cse-sr/ms/tags/default/default/${SID}`, rev: 1, cluster: 'default', value: { k: 'v' } }],
    dependencyRules: [
      {
        key: '/cse-sr/ms/dep-rules/default/default/p//app/svc/1.0.0',
        rev: 1,
        cluster: 'default',
        value: { Dependency: [{ tenant: 'default/default', appId: 'app', serviceName: 'c', version: '1.0.0' }] },
      },
    ],
    summaries: [{ key: `/cse-sr/ms/schema-sum/default/default/${SID}/s1`, rev: 1, cluster: 'default', value: 'sum' }],
    instances: [{ key: `/cse-sr/inst/files/default/default/${SID}/${IID}`, rev: 456, cluster: 'sc-2', value: { instanceId: IID, hostName: 'h' } }],
  },
};

describe('DumpResponse codec', () => {
  test('decodes every cache array and the info block', () => {
    expect(rightOf(decodeWith(DumpResponse, DUMP))).toStrictEqual(DUMP);
  });

  test('re-encodes to the same JSON', () => {
    expect(JSON.parse(JSON.stringify(DumpResponse.encode(DUMP)))).toEqual(DUMP);
  });

  test('empty arrays are omitted by SC: {} and {"cache":{}} decode', () => {
    expect(rightOf(decodeJson(DumpResponse, '{}'))).toStrictEqual({});
    expect(rightOf(decodeJson(DumpResponse, '{"cache":{}}'))).toStrictEqual({ cache: {} });
  });

  test('v2.0.0 serviceRules / serviceRuleIndexes and 1.x appConf are stripped', () => {
    const r = rightOf(
      decodeWith(DumpResponse, { appConf: {}, environments: {}, cache: { serviceRules: [{ key: 'k' }], serviceRuleIndexes: [], services: [] } }),
    );
    expect(r).toStrictEqual({ cache: { services: [] } });
  });

  test('the cluster JSON name is "cluster"; "clusterName" is not read', () => {
    const r = rightOf(decodeWith(IndexItem, { key: 'k', rev: 1, clusterName: 'x', value: 'sid' }));
    expect(r).toStrictEqual({ key: 'k', rev: 1, value: 'sid' });
  });

  test.each<[unknown, string]>([
    [{ cache: { instances: [{ key: 'k', rev: 'x' }] } }, 'cache.instances.0.rev: expected Int64, got "x"'],
    [{ cache: { services: [{ rev: 1 }] } }, 'cache.services.0.key: expected string, got nothing'],
    [{ cache: { serviceTags: [{ key: 'k', value: { a: 1 } }] } }, 'cache.serviceTags.0.value.a: expected string, got 1'],
    [{ cache: { serviceIndexes: [{ key: 'k', value: 5 }] } }, 'cache.serviceIndexes.0.value: expected string, got 5'],
    [{ info: { version: 2 } }, 'info.version: expected string, got 2'],
  ])('%p -> 400001 naming the field', (input, detail) => {
    expect(leftOf(decodeWith(DumpResponse, input)).detail).toBe(detail);
  });
});

describe('dump items', () => {
  test('value is omitted when empty', () => {
    expect(rightOf(decodeWith(ServiceItem, { key: 'k', rev: 5, cluster: 'c' }))).toStrictEqual({ key: 'k', rev: 5, cluster: 'c' });
  });

  test('rev is an int64 (etcd ModRevision)', () => {
    expect(rightOf(decodeWith(InstanceItem, { key: 'k', rev: 9007199254740991 })).rev).toBe(9007199254740991);
    expect(leftOf(decodeWith(InstanceItem, { key: 'k', rev: 1.5 })).detail).toBe('rev: expected Int64, got 1.5');
  });

  test('each item kind decodes its own value type', () => {
    expect(rightOf(decodeWith(TagItem, { key: 'k', value: {} })).value).toStrictEqual({});
    expect(rightOf(decodeWith(SummaryItem, { key: 'k', value: 'sum' })).value).toBe('sum');
    expect(rightOf(decodeWith(DependencyRuleItem, { key: 'k', value: { Dependency: [] } })).value).toStrictEqual({ Dependency: [] });
    expect(rightOf(decodeWith(InstanceItem, { key: 'k', value: { hostName: 'h', x: 1 } })).value).toStrictEqual({ hostName: 'h' });
  });

  test('dumpItem builds an item codec for any value codec', () => {
    const IntItem = dumpItem('IntItem', Int32);
    expect(IntItem.name).toBe('IntItem');
    expect(rightOf(decodeWith(IntItem, { key: 'k', value: 3 }))).toStrictEqual({ key: 'k', value: 3 });
  });

  test('DumpCache and VersionInfo alone', () => {
    expect(rightOf(decodeWith(DumpCache, { summaries: [] }))).toStrictEqual({ summaries: [] });
    expect(rightOf(decodeWith(VersionInfo, { version: '2.2.0', apiVersion: '4.0.0' }))).toStrictEqual({ version: '2.2.0', apiVersion: '4.0.0' });
  });
});
