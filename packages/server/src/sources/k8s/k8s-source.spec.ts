import { StreamEvent, changeEventsOf, mergePolicy, sourceRecords } from '@service-center/core';
import { Aggregator } from '../../federation/aggregator';
import { FakeClock, settle } from '../../__tests__/fake-clock';
import { FakeListerWatcher, sharedCounter } from '../../__tests__/fake-lister-watcher';
import { K8sKinds, K8sSource } from './k8s-source';
import type { K8sEndpointSlice, K8sEndpoints, K8sNode, K8sPod, K8sService, K8sServiceExport } from './objects';

const node = (name: string, zone = 'z1'): K8sNode => ({
  metadata: { name, labels: { 'topology.kubernetes.io/region': 'r1', 'topology.kubernetes.io/zone': zone } },
});
const service = (name: string, ns = 'shop', labels: Record<string, string> = { app: 'mall', version: '1.0.0' }, annotations?: Record<string, string>): K8sService => ({
  metadata: { name, namespace: ns, uid: `svc-${ns}-${name}`, creationTimestamp: '2024-01-01T00:00:00Z', labels, annotations },
  spec: { type: 'ClusterIP', ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
});
const pod = (name: string, ip: string, phase = 'Running', ns = 'shop', nodeName = 'n1'): K8sPod => ({
  metadata: { name, namespace: ns, uid: `0000-${name}`, creationTimestamp: '2024-01-01T00:01:00Z' },
  spec: { nodeName },
  status: { phase, podIP: ip, hostIP: '192.168.0.1' },
});
const ref = (p: K8sPod) => ({ kind: 'Pod', namespace: p.metadata?.namespace, name: p.metadata?.name });
const endpoints = (name: string, ready: K8sPod[], notReady: K8sPod[] = [], ns = 'shop'): K8sEndpoints => ({
  metadata: { name, namespace: ns },
  subsets: [
    {
      addresses: ready.map((p) => ({ ip: p.status!.podIP!, targetRef: ref(p) })),
      notReadyAddresses: notReady.map((p) => ({ ip: p.status!.podIP!, targetRef: ref(p) })),
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    },
  ],
});

const ID = { cluster: 'c1', kind: 'k8s' } as const;

function setup(mode: { slices?: boolean; exports?: boolean } = {}) {
  const clock = new FakeClock();
  const counter = sharedCounter();
  const fakes = {
    services: new FakeListerWatcher<K8sService>('services', 100, counter),
    endpoints: new FakeListerWatcher<K8sEndpoints>('endpoints', 100, counter),
    slices: new FakeListerWatcher<K8sEndpointSlice>('endpointslices', 100, counter),
    pods: new FakeListerWatcher<K8sPod>('pods', 100, counter),
    nodes: new FakeListerWatcher<K8sNode>('nodes', 100, counter),
    exports: new FakeListerWatcher<K8sServiceExport>('serviceexports', 100, counter),
  };
  const kinds: K8sKinds = {
    services: [fakes.services],
    endpoints: mode.slices ? { kind: 'endpointslices', lws: [fakes.slices] } : { kind: 'endpoints', lws: [fakes.endpoints] },
    pods: [fakes.pods],
    nodes: fakes.nodes,
    serviceExports: mode.exports ? [fakes.exports] : undefined,
  };
  const aggregator = new Aggregator(mergePolicy('c1', { quarantineConfirmations: 1 }), clock.now);
  const events: StreamEvent[] = [];
  aggregator.subscribe((viewEvents, view, before) => events.push(...changeEventsOf(before, view, viewEvents)));
  let connects = 0;
  let failConnects = 0;
  const source = new K8sSource(
    async () => {
      connects += 1;
      if (failConnects-- > 0) throw new Error('no kubeconfig');
      return kinds;
    },
    aggregator,
    { cluster: 'c1', requireServiceExport: mode.exports ?? false, now: clock.now, sleep: clock.sleep, random: () => 0.5, minWatchTimeoutMs: 300_000 },
  );
  const records = () => {
    const s = aggregator.state(ID)?.source;
    return s ? sourceRecords(s) : { services: [], instances: [] };
  };
  const hosts = () => records().instances.map((i) => i.instance.hostName).sort();
  const report = () => aggregator.sources().find((r) => r.source === 'c1/k8s');
  const start = async () => {
    source.start();
    await settle(10);
  };
  return {
    clock, fakes, source, aggregator, events, records, hosts, report, start,
    failConnects: (n: number) => (failConnects = n),
    connects: () => connects,
  };
}

afterEach(() => jest.restoreAllMocks());

describe('K8sSource', () => {
  test('after every kind has listed, the cluster is one fresh source with origin = this cluster, and the peers hear of it', async () => {
    const t = setup();
    const p1 = pod('orders-1', '10.0.0.1');
    t.fakes.nodes.seed(node('n1'));
    t.fakes.services.seed(service('orders'), service('dns', 'kube-system'));
    t.fakes.pods.seed(p1);
    t.fakes.endpoints.seed(endpoints('orders', [p1]), endpoints('dns', [], [], 'kube-system'));
    await t.start();
    expect(t.report()).toMatchObject({ status: 'fresh', services: 1, instances: 1 });
    const r = t.records();
    expect(r.services.map((s) => [s.origin, s.service.serviceName])).toEqual([['c1', 'orders']]);
    expect(r.instances[0]).toMatchObject({ origin: 'c1', instance: { endpoints: ['rest://10.0.0.1:8080'], hostName: 'orders-1' } });
    expect(t.events.map((e) => [e.kind, e.action, e.origin])).toEqual([
      ['service', 'CREATE', 'c1'],
      ['instance', 'CREATE', 'c1'],
    ]);
    expect(t.events[0].service?.serviceName).toBe('orders');
    expect(t.source.records().instances).toHaveLength(1);
    expect(t.source.status()).toMatchObject({ connected: true, synced: true, ok: true, endpoints: 'endpoints' });
    await t.source.stop();
  });

  test('a pod that becomes ready appears; a deleted pod disappears (watch events, no relist)', async () => {
    const t = setup();
    const p1 = pod('orders-1', '10.0.0.1');
    const p2 = pod('orders-2', '10.0.0.2', 'Pending');
    t.fakes.nodes.seed(node('n1'));
    t.fakes.services.seed(service('orders'));
    t.fakes.pods.seed(p1, p2);
    t.fakes.endpoints.seed(endpoints('orders', [p1], [p2]));
    await t.start();
    expect(t.hosts()).toEqual(['orders-1']);
    t.events.length = 0;
    // The address turns ready before the pod's own update arrives: nothing until the pod runs.
    t.fakes.endpoints.modify(endpoints('orders', [p1, p2]));
    await settle();
    expect(t.hosts()).toEqual(['orders-1']);
    t.fakes.pods.modify(pod('orders-2', '10.0.0.2', 'Running'));
    await settle();
    expect(t.hosts()).toEqual(['orders-1', 'orders-2']);
    expect(t.events.map((e) => [e.kind, e.action, e.instanceId])).toEqual([['instance', 'CREATE', '0000orders2']]);
    t.fakes.endpoints.modify(endpoints('orders', [p2]));
    t.fakes.pods.delete(p1);
    await settle();
    expect(t.hosts()).toEqual(['orders-2']);
    expect(t.events.slice(1).map((e) => [e.kind, e.action, e.instanceId])).toEqual([['instance', 'DELETE', '0000orders1']]);
    expect(t.fakes.services.lists + t.fakes.pods.lists + t.fakes.endpoints.lists).toBe(3);
    await t.source.stop();
  });

  test('node labels, a version label and the register annotation are followed', async () => {
    const t = setup();
    const p1 = pod('orders-1', '10.0.0.1');
    t.fakes.nodes.seed(node('n1', 'z1'));
    t.fakes.services.seed(service('orders'));
    t.fakes.pods.seed(p1);
    t.fakes.endpoints.seed(endpoints('orders', [p1]));
    await t.start();
    const before = t.records().instances[0];
    t.fakes.nodes.modify(node('n1', 'z2'));
    await settle();
    const moved = t.records().instances[0];
    expect(moved.instance.dataCenterInfo).toEqual({ name: '', region: 'r1', availableZone: 'z2' });
    expect(moved.rev).toBeGreaterThan(before.rev);
    const oldId = t.records().services[0].service.serviceId;
    t.fakes.services.modify(service('orders', 'shop', { app: 'mall', version: '2.0.0' }));
    await settle();
    const [svc] = t.records().services;
    expect(svc.service.version).toBe('2.0.0');
    expect(svc.service.serviceId).not.toBe(oldId);
    expect(t.records().instances.map((i) => [i.instance.serviceId, i.instance.version])).toEqual([[svc.service.serviceId, '2.0.0']]);
    t.fakes.services.modify(service('orders', 'shop', { app: 'mall', version: '2.0.0' }, { 'service-center.servicecomb.io/register': 'false' }));
    await settle();
    expect(t.records()).toMatchObject({ services: [], instances: [] });
    expect(t.events.slice(-2).map((e) => [e.kind, e.action])).toEqual([
      ['instance', 'DELETE'],
      ['service', 'DELETE'],
    ]);
    await t.source.stop();
  });

  test('an update that changes nothing the mapping reads produces no change', async () => {
    const t = setup();
    const p1 = pod('orders-1', '10.0.0.1');
    t.fakes.nodes.seed(node('n1'));
    t.fakes.services.seed(service('orders'));
    t.fakes.pods.seed(p1);
    t.fakes.endpoints.seed(endpoints('orders', [p1]));
    await t.start();
    const view = t.aggregator.view();
    t.events.length = 0;
    t.fakes.pods.modify({ ...p1, metadata: { ...p1.metadata, labels: { touched: 'yes' } } });
    await settle();
    expect(t.events).toEqual([]);
    expect(t.aggregator.view()).toBe(view);
    await t.source.stop();
  });

  test('the API going away marks the records stale, never deleted; coming back relists and corrects them', async () => {
    const t = setup();
    const p1 = pod('orders-1', '10.0.0.1');
    const p2 = pod('orders-2', '10.0.0.2');
    t.fakes.nodes.seed(node('n1'));
    t.fakes.services.seed(service('orders'));
    t.fakes.pods.seed(p1, p2);
    t.fakes.endpoints.seed(endpoints('orders', [p1, p2]));
    await t.start();
    t.events.length = 0;
    const lostAt = t.clock.now();
    for (const f of Object.values(t.fakes)) {
      f.failLists(2);
      f.breakWatches(new Error('connect ECONNREFUSED'));
    }
    await settle();
    expect(t.report()).toMatchObject({ status: 'stale', health: { status: 'unreachable', lastConfirmed: lostAt }, instances: 2 });
    expect(t.hosts()).toEqual(['orders-1', 'orders-2']);
    expect(t.source.status()).toMatchObject({ ok: false, lastError: 'connect ECONNREFUSED' });
    // While away, a pod went: only the successful relist removes it.
    t.fakes.endpoints.seed(endpoints('orders', [p2]));
    await t.clock.advance(1_000);
    await t.clock.advance(2_000);
    expect(t.report()?.status).toBe('stale');
    await t.clock.advance(5_000);
    expect(t.report()).toMatchObject({ status: 'fresh', instances: 1 });
    expect(t.hosts()).toEqual(['orders-2']);
    expect(t.events.map((e) => [e.kind, e.action, e.instanceId])).toEqual([['instance', 'DELETE', '0000orders1']]);
    await t.source.stop();
  });

  test('an expired watch revision (410) relists that kind and replaces the source with the difference', async () => {
    const t = setup();
    const p1 = pod('orders-1', '10.0.0.1');
    t.fakes.nodes.seed(node('n1'));
    t.fakes.services.seed(service('orders'));
    t.fakes.pods.seed(p1);
    t.fakes.endpoints.seed(endpoints('orders', [p1]));
    await t.start();
    await t.clock.advance(2_000);
    t.fakes.services.dropWatches();
    t.fakes.services.compact();
    t.fakes.services.seed(service('billing'));
    t.fakes.endpoints.add(endpoints('billing', [p1]));
    await settle();
    expect(t.fakes.services.lists).toBe(2);
    expect(t.records().services.map((s) => s.service.serviceName).sort()).toEqual(['billing', 'orders']);
    expect(t.records().instances).toHaveLength(2);
    expect(t.events.slice(-2).map((e) => [e.kind, e.action])).toEqual([
      ['service', 'CREATE'],
      ['instance', 'CREATE'],
    ]);
    expect(t.report()?.status).toBe('fresh');
    await t.source.stop();
  });

  test('EndpointSlices: the slices of a Service, ready endpoints only', async () => {
    const t = setup({ slices: true });
    const [p1, p2, p3] = [pod('o-1', '10.0.0.1'), pod('o-2', '10.0.0.2'), pod('o-3', '10.0.0.3')];
    const slice = (name: string, eps: [K8sPod, boolean | undefined][]): K8sEndpointSlice => ({
      metadata: { name, namespace: 'shop', labels: { 'kubernetes.io/service-name': 'orders' } },
      addressType: 'IPv4',
      ports: [{ name: 'https', port: 8443, protocol: 'TCP' }],
      endpoints: eps.map(([p, ready]) => ({ addresses: [p.status!.podIP!], conditions: { ready }, targetRef: ref(p) })),
    });
    t.fakes.nodes.seed(node('n1'));
    t.fakes.services.seed(service('orders'));
    t.fakes.pods.seed(p1, p2, p3);
    t.fakes.slices.seed(slice('orders-a', [[p1, true], [p2, false]]), slice('orders-b', [[p3, undefined]]));
    await t.start();
    expect(t.hosts()).toEqual(['o-1', 'o-3']);
    expect(t.records().instances[0].instance.endpoints?.[0]).toMatch(/^rest:\/\/10\.0\.0\.\d:8443\?sslEnabled=true$/);
    t.fakes.slices.delete(slice('orders-b', []));
    await settle();
    expect(t.hosts()).toEqual(['o-1']);
    expect(t.source.status().endpoints).toBe('endpointslices');
    await t.source.stop();
  });

  test('MCS opt-in: only Services with a ServiceExport are imported, following exports as they come and go', async () => {
    const t = setup({ exports: true });
    const p1 = pod('orders-1', '10.0.0.1');
    const p2 = pod('billing-1', '10.0.0.2');
    t.fakes.nodes.seed(node('n1'));
    t.fakes.services.seed(service('orders'), service('billing'));
    t.fakes.pods.seed(p1, p2);
    t.fakes.endpoints.seed(endpoints('orders', [p1]), endpoints('billing', [p2]));
    t.fakes.exports.seed({ metadata: { name: 'orders', namespace: 'shop' } });
    await t.start();
    expect(t.records().services.map((s) => s.service.serviceName)).toEqual(['orders']);
    t.fakes.exports.add({ metadata: { name: 'billing', namespace: 'shop' } });
    await settle();
    expect(t.hosts()).toEqual(['billing-1', 'orders-1']);
    t.fakes.exports.delete({ metadata: { name: 'orders', namespace: 'shop' } });
    await settle();
    expect(t.records().services.map((s) => s.service.serviceName)).toEqual(['billing']);
    await t.source.stop();
  });

  test('the same Service name and labels in two namespaces is one service with the instances of both', async () => {
    const t = setup();
    const a = pod('orders-a', '10.0.0.1', 'Running', 'east');
    const b = pod('orders-b', '10.0.0.2', 'Running', 'west');
    t.fakes.nodes.seed(node('n1'));
    t.fakes.services.seed(service('orders', 'east'), service('orders', 'west'));
    t.fakes.pods.seed(a, b);
    t.fakes.endpoints.seed(endpoints('orders', [a], [], 'east'), endpoints('orders', [b], [], 'west'));
    await t.start();
    expect(t.records().services).toHaveLength(1);
    expect(t.hosts()).toEqual(['orders-a', 'orders-b']);
    t.fakes.services.delete(service('orders', 'east'));
    await settle();
    expect(t.records().services.map((s) => s.service.properties?.namespace)).toEqual(['west']);
    expect(t.hosts()).toEqual(['orders-b']);
    await t.source.stop();
  });

  test('a failing connect (no configuration, discovery error) is retried and reported', async () => {
    const t = setup();
    t.failConnects(2);
    t.fakes.nodes.seed(node('n1'));
    await t.start();
    expect(t.source.status()).toMatchObject({ connected: false, ok: false, lastError: 'no kubeconfig' });
    expect(t.report()).toBeUndefined();
    await t.clock.advance(800); // 0.8 s doubling (random 0.5: no jitter either way)
    await t.clock.advance(1_600);
    expect(t.connects()).toBe(3);
    expect(t.source.status()).toMatchObject({ connected: true, synced: true, ok: true });
    expect(t.report()).toMatchObject({ status: 'fresh', services: 0 });
    await t.source.stop();
  });
});
