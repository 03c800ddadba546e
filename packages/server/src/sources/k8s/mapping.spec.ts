import { createHash } from 'node:crypto';
import {
  PodLookup,
  ReadyAddress,
  endpointOf,
  instanceRecordsOf,
  microServiceOf,
  readyAddressesOfEndpoints,
  readyAddressesOfSlices,
  regionZoneOf,
  revisionNumber,
  serviceRecordOf,
  shouldRegister,
  unixSeconds,
} from './mapping';
import type { K8sEndpoints, K8sNode, K8sPod, K8sService } from './objects';

const ORDERS: K8sService = {
  metadata: {
    name: 'orders',
    namespace: 'shop',
    uid: '0f0e0d0c-0000-4000-8000-000000000001',
    resourceVersion: '4711',
    creationTimestamp: '2023-11-14T22:13:20Z', // 1700000000
    labels: { app: 'mall', version: '1.2.0', environment: 'production' },
  },
  spec: { type: 'ClusterIP', ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
};

const NODE: K8sNode = {
  metadata: {
    name: 'node-1',
    resourceVersion: '10',
    labels: { 'topology.kubernetes.io/region': 'cn-north-1', 'topology.kubernetes.io/zone': 'cn-north-1a' },
  },
};

const POD: K8sPod = {
  metadata: {
    name: 'orders-7d9f-abcde',
    namespace: 'shop',
    uid: '5b2c1d0e-8f9a-4b7c-9d1e-2f3a4b5c6d7e',
    resourceVersion: '5000',
    creationTimestamp: '2023-11-14T22:15:00Z', // 1700000100
  },
  spec: { nodeName: 'node-1' },
  status: { phase: 'Running', podIP: '10.1.2.3', hostIP: '192.168.0.11' },
};

function lookupOf(pods: readonly K8sPod[], nodes: readonly K8sNode[]): PodLookup {
  return {
    pod: (a: ReadyAddress, ns: string) =>
      a.targetRef?.name
        ? pods.find((p) => p.metadata?.name === a.targetRef?.name && p.metadata?.namespace === (a.targetRef?.namespace || ns))
        : pods.find((p) => p.status?.podIP === a.ip),
    node: (name: string) => nodes.find((n) => n.metadata?.name === name),
  };
}

const podRef = (p: K8sPod) => ({ kind: 'Pod', namespace: p.metadata?.namespace, name: p.metadata?.name, uid: p.metadata?.uid });

describe('services', () => {
  test('an example Service maps field by field', () => {
    expect(microServiceOf(ORDERS)).toEqual({
      serviceId: '979b2a1e46eb6fd717a11f1e2181dba67a626adc',
      appId: 'mall',
      serviceName: 'orders',
      version: '1.2.0',
      environment: 'production',
      level: 'BACK',
      status: 'UP',
      framework: { name: 'Kubernetes' },
      registerBy: 'PLATFORM',
      properties: { namespace: 'shop', type: 'ClusterIP', externalName: '' },
      timestamp: '1700000000',
      modTimestamp: '1700000000',
    });
  });

  test('labels default to app=default, version=0.0.1, environment empty (absent); the namespace is not in the key', () => {
    const a = microServiceOf({ metadata: { name: 'cart', namespace: 'a' }, spec: { type: 'ExternalName', externalName: 'cart.example.com' } });
    const b = microServiceOf({ metadata: { name: 'cart', namespace: 'b' } });
    expect(a).toMatchObject({ appId: 'default', version: '0.0.1', serviceName: 'cart' });
    expect(a.environment).toBeUndefined();
    expect(a.timestamp).toBeUndefined();
    expect(a.properties).toEqual({ namespace: 'a', type: 'ExternalName', externalName: 'cart.example.com' });
    const sha1 = createHash('sha1').update('/cse-sr/ms/indexes/default/default//default/cart/0.0.1').digest('hex');
    expect(a.serviceId).toBe(sha1);
    expect(b.serviceId).toBe(sha1);
  });

  test('the record carries the origin, the default tenant and the resourceVersion as rev', () => {
    expect(serviceRecordOf(ORDERS, 'c1')).toMatchObject({ origin: 'c1', rev: 4711, tenant: { domain: 'default', project: 'default' } });
  });

  test.each([
    ['a plain Service', ORDERS, true],
    ['kube-system', { metadata: { name: 'kube-dns', namespace: 'kube-system' } }, false],
    ['register: "false"', { metadata: { name: 'x', namespace: 'shop', annotations: { 'service-center.servicecomb.io/register': 'false' } } }, false],
    ['register: "true"', { metadata: { name: 'x', namespace: 'shop', annotations: { 'service-center.servicecomb.io/register': 'true' } } }, true],
    ['no name', { metadata: { namespace: 'shop' } }, false],
  ] as const)('shouldRegister: %s', (_what, svc, expected) => {
    expect(shouldRegister(svc)).toBe(expected);
  });

  test('MCS opt-in: only Services with a ServiceExport', () => {
    const exported = (ns: string, name: string) => ns === 'shop' && name === 'orders';
    expect(shouldRegister(ORDERS, exported)).toBe(true);
    expect(shouldRegister({ metadata: { name: 'cart', namespace: 'shop' } }, exported)).toBe(false);
    expect(shouldRegister({ ...ORDERS, metadata: { ...ORDERS.metadata, annotations: { 'service-center.servicecomb.io/register': 'false' } } }, exported)).toBe(false);
  });

  test('revisions and timestamps', () => {
    expect(revisionNumber('123')).toBe(123);
    expect(revisionNumber('abc')).toBe(0);
    expect(revisionNumber(undefined)).toBe(0);
    expect(unixSeconds('1970-01-01T00:00:10Z')).toBe('10');
    expect(unixSeconds('not a time')).toBeUndefined();
  });
});

describe('endpoints and zones', () => {
  test.each([
    [{ name: 'http', port: 8080, protocol: 'TCP' }, 'rest://10.1.2.3:8080'],
    [{ port: 8080 }, 'rest://10.1.2.3:8080'],
    [{ name: 'https', port: 8443, protocol: 'TCP' }, 'rest://10.1.2.3:8443?sslEnabled=true'],
    [{ name: 'HTTPS', port: 8443 }, 'rest://10.1.2.3:8443?sslEnabled=true'],
    [{ name: 'dns', port: 53, protocol: 'UDP' }, 'udp://10.1.2.3:53'],
    [{ name: 'https', port: 9000, protocol: 'SCTP' }, 'sctp://10.1.2.3:9000'],
  ])('%j -> %s', (port, expected) => {
    expect(endpointOf('10.1.2.3', port)).toBe(expected);
  });

  test('an IPv6 address is bracketed; a port without a number gives no endpoint', () => {
    expect(endpointOf('fd00::1', { port: 80 })).toBe('rest://[fd00::1]:80');
    expect(endpointOf('10.0.0.1', { name: 'x' })).toBeUndefined();
  });

  test('region and zone: topology labels, else the beta labels; no region means no zone', () => {
    expect(regionZoneOf(NODE)).toEqual({ region: 'cn-north-1', availableZone: 'cn-north-1a' });
    const beta = { metadata: { labels: { 'failure-domain.beta.kubernetes.io/region': 'r', 'failure-domain.beta.kubernetes.io/zone': 'z' } } };
    expect(regionZoneOf(beta)).toEqual({ region: 'r', availableZone: 'z' });
    expect(regionZoneOf({ metadata: { labels: { 'topology.kubernetes.io/region': 'r' } } })).toEqual({ region: 'r', availableZone: '' });
    expect(regionZoneOf({ metadata: { labels: { 'topology.kubernetes.io/zone': 'z' } } })).toEqual({ region: '', availableZone: '' });
    expect(regionZoneOf(undefined)).toEqual({ region: '', availableZone: '' });
  });

  test('ready addresses only: notReadyAddresses and slice endpoints with ready=false are ignored', () => {
    const ep: K8sEndpoints = {
      subsets: [{ addresses: [{ ip: '10.0.0.1' }], notReadyAddresses: [{ ip: '10.0.0.2' }], ports: [{ port: 80 }] }],
    };
    expect(readyAddressesOfEndpoints(ep).map((a) => a.ip)).toEqual(['10.0.0.1']);
    const slices = [
      {
        addressType: 'IPv4',
        ports: [{ port: 80 }],
        endpoints: [
          { addresses: ['10.0.0.1'], conditions: { ready: true } },
          { addresses: ['10.0.0.2'], conditions: { ready: false } },
          { addresses: ['10.0.0.3'], conditions: {} },
          { addresses: ['10.0.0.4'] },
        ],
      },
      { addressType: 'FQDN', endpoints: [{ addresses: ['db.example.com'] }] },
    ];
    expect(readyAddressesOfSlices(slices).map((a) => a.ip)).toEqual(['10.0.0.1', '10.0.0.3', '10.0.0.4']);
  });
});

describe('instances', () => {
  const addresses = (ep: K8sEndpoints) => readyAddressesOfEndpoints(ep);

  test('the example instance', () => {
    const ep: K8sEndpoints = { subsets: [{ addresses: [{ ip: '10.1.2.3', targetRef: podRef(POD) }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }] };
    const [rec, ...rest] = instanceRecordsOf(ORDERS, addresses(ep), 4800, lookupOf([POD], [NODE]), 'c1');
    expect(rest).toEqual([]);
    expect(rec.origin).toBe('c1');
    expect(rec.rev).toBe(5000);
    expect(rec.instance).toEqual({
      instanceId: '5b2c1d0e8f9a4b7c9d1e2f3a4b5c6d7e',
      serviceId: '979b2a1e46eb6fd717a11f1e2181dba67a626adc',
      hostName: 'orders-7d9f-abcde',
      status: 'UP',
      endpoints: ['rest://10.1.2.3:8080'],
      version: '1.2.0',
      dataCenterInfo: { name: '', region: 'cn-north-1', availableZone: 'cn-north-1a' },
      properties: { nodeIP: '192.168.0.11' },
      timestamp: '1700000100',
      modTimestamp: '1700000100',
    });
  });

  test('skipped: unknown pod, pod not Running, pod on an unknown node', () => {
    const pending = { ...POD, metadata: { ...POD.metadata, name: 'p2', uid: 'u2' }, status: { ...POD.status, phase: 'Pending', podIP: '10.0.0.2' } };
    const elsewhere = { ...POD, metadata: { ...POD.metadata, name: 'p3', uid: 'u3' }, spec: { nodeName: 'gone' }, status: { ...POD.status, podIP: '10.0.0.3' } };
    const ep: K8sEndpoints = {
      subsets: [
        {
          addresses: [{ ip: '10.9.9.9' }, { ip: '10.0.0.2', targetRef: podRef(pending) }, { ip: '10.0.0.3', targetRef: podRef(elsewhere) }],
          ports: [{ port: 80 }],
        },
      ],
    };
    const deps = { pods: new Set<string>(), ips: new Set<string>(), nodes: new Set<string>() };
    expect(instanceRecordsOf(ORDERS, addresses(ep), 1, lookupOf([pending, elsewhere], [NODE]), 'c1', deps)).toEqual([]);
    // What the result depended on is recorded, so a later change of any of them recomputes it.
    expect([...deps.ips]).toEqual(['10.9.9.9']);
    expect([...deps.pods].sort()).toEqual(['shop/p2', 'shop/p3']);
    expect([...deps.nodes]).toEqual(['gone']);
  });

  test('an address without targetRef finds its pod by IP', () => {
    const ep: K8sEndpoints = { subsets: [{ addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 8080 }] }] };
    expect(instanceRecordsOf(ORDERS, addresses(ep), 1, lookupOf([POD], [NODE]), 'c1').map((r) => r.instance.hostName)).toEqual([
      'orders-7d9f-abcde',
    ]);
  });

  test('one instance per pod: several subsets give one instance with every endpoint', () => {
    const a = { ip: '10.1.2.3', targetRef: podRef(POD) };
    const ep: K8sEndpoints = {
      subsets: [
        { addresses: [a], ports: [{ name: 'http', port: 8080 }] },
        { addresses: [a], ports: [{ name: 'https', port: 8443 }, { name: 'dns', port: 53, protocol: 'UDP' }] },
      ],
    };
    const recs = instanceRecordsOf(ORDERS, addresses(ep), 1, lookupOf([POD], [NODE]), 'c1');
    expect(recs).toHaveLength(1);
    expect(recs[0].instance.endpoints).toEqual(['rest://10.1.2.3:8080', 'rest://10.1.2.3:8443?sslEnabled=true', 'udp://10.1.2.3:53']);
  });

  test('rev is the newest resourceVersion among service, addresses, pod and node', () => {
    const ep: K8sEndpoints = { subsets: [{ addresses: [{ ip: '10.1.2.3', targetRef: podRef(POD) }], ports: [{ port: 8080 }] }] };
    const node = { ...NODE, metadata: { ...NODE.metadata, resourceVersion: '9000' } };
    expect(instanceRecordsOf(ORDERS, addresses(ep), 6000, lookupOf([POD], [NODE]), 'c1')[0].rev).toBe(6000);
    expect(instanceRecordsOf(ORDERS, addresses(ep), 6000, lookupOf([POD], [node]), 'c1')[0].rev).toBe(9000);
  });
});
