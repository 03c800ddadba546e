import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ScNode, api, eventually } from './support/node';
import { KubeObject, KubeStandIn, fixture, fixtureObject as byName } from './support/kube-stand-in';
import { freePort } from './support/free-port';
import { registerService } from './support/registry';
import { Watcher } from './support/watch';

type Found = {
  instanceId: string;
  hostName?: string;
  endpoints?: string[];
  dataCenterInfo?: { region?: string; availableZone?: string };
  properties?: Record<string, string>;
};
type SourceJson = { source: string; status: string; services: number; instances: number; k8s?: { ok: boolean; endpoints?: string } };

async function findGlobal(base: string, appId: string, serviceName: string, env = ''): Promise<Found[] | undefined> {
  const q = `appId=${appId}&serviceName=${serviceName}&global=true${env ? `&env=${env}` : ''}`;
  const r = await api(base, 'GET', `/v4/default/registry/instances?${q}`);
  return r.status === 200 ? ((r.body.instances as Found[] | undefined) ?? []) : undefined;
}

async function sourceOf(base: string, name: string): Promise<SourceJson | undefined> {
  const r = await api(base, 'GET', '/v4/default/admin/sources');
  return (r.body.sources as SourceJson[]).find((s) => s.source === name);
}

/**
 * Two clusters on loopback, each a server importing its own Kubernetes API (a stand-in
 * process, reached through a kubeconfig like a real API) with
 * `--aggregate k8s,servicecenter --registry buildin`, peered with each other.
 */
describe('Kubernetes source across two clusters', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-k8s-'));
  const cluster1 = fixture('cluster-1');
  let kube1: KubeStandIn;
  let kube2: KubeStandIn;
  let sc1: ScNode;
  let sc2: ScNode;

  beforeAll(async () => {
    // Cluster 1's API serves EndpointSlices; cluster 2's is an older one with Endpoints only.
    [kube1, kube2] = await Promise.all([
      KubeStandIn.start(dir, 'kube1', ['cluster-1']),
      KubeStandIn.start(dir, 'kube2', ['cluster-2'], ['--endpoint-slices', 'false', '--service-exports', 'false']),
    ]);
    const [p1, p2] = [await freePort(), await freePort()];
    const args = ['--aggregate', 'k8s,servicecenter', '--registry', 'buildin', '--sync-interval', '5'];
    sc1 = new ScNode({ name: 'sc1', port: p1, peers: [`sc2=http://127.0.0.1:${p2}`], args, env: { KUBERNETES_CONFIG_PATH: kube1.kubeconfig } });
    sc2 = new ScNode({ name: 'sc2', port: p2, peers: [`sc1=http://127.0.0.1:${p1}`], args, env: { KUBERNETES_CONFIG_PATH: kube2.kubeconfig } });
    await Promise.all([sc1.start(), sc2.start()]);
  });

  afterAll(async () => {
    await Promise.all([sc1?.stop(), sc2?.stop()]);
    await Promise.all([kube1?.kill(), kube2?.kill()]);
    sc1?.cleanup();
    sc2?.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("each cluster's ready pods are discoverable from the other with global=true, mapped as Service-Center maps them", async () => {
    const orders = await eventually(async () => {
      const found = await findGlobal(sc2.url, 'mall', 'orders');
      return found?.length === 1 ? found : undefined;
    }, 20_000, 'orders (cluster 1) visible from sc2');
    expect(orders[0]).toMatchObject({
      instanceId: '9c8b7a6d5e4f4a3b8c2d1e0f9a8b7c6d',
      hostName: 'orders-6d5f7c9b8-x2k4p',
      endpoints: ['rest://10.244.0.21:8080', 'rest://10.244.0.21:8443?sslEnabled=true'],
      dataCenterInfo: { region: 'eu-west-1', availableZone: 'eu-west-1a' },
    });
    expect(orders[0].properties).toMatchObject({ nodeIP: '192.168.10.11', 'x-sc-origin-cluster': 'sc1' });
    const billing = await eventually(async () => {
      const found = await findGlobal(sc1.url, 'mall', 'billing', 'production');
      return found?.length === 1 ? found : undefined;
    }, 20_000, 'billing (cluster 2) visible from sc1');
    expect(billing[0]).toMatchObject({
      hostName: 'billing-0',
      endpoints: ['rest://10.245.1.7:9090'],
      dataCenterInfo: { region: 'us-east-1', availableZone: 'us-east-1b' },
      properties: expect.objectContaining({ 'x-sc-origin-cluster': 'sc2' }),
    });
    // kube-system and register: "false" stay out.
    expect(await findGlobal(sc2.url, 'default', 'kube-dns')).toBeUndefined();
    expect(await findGlobal(sc2.url, 'mall', 'internal-cache')).toBeUndefined();
  });

  test('/admin/sources shows each k8s source fresh; the dump carries the k8s records under the cluster name', async () => {
    expect(await sourceOf(sc1.url, 'sc1/k8s')).toMatchObject({ status: 'fresh', services: 1, instances: 1, k8s: { ok: true, endpoints: 'endpointslices' } });
    expect(await sourceOf(sc2.url, 'sc2/k8s')).toMatchObject({ status: 'fresh', services: 1, instances: 1, k8s: { ok: true, endpoints: 'endpoints' } });
    const dump = await api(sc1.url, 'GET', '/v4/default/admin/dump');
    const instances = (dump.body.cache as { instances: { key: string; cluster: string }[] }).instances;
    expect(instances).toEqual(expect.arrayContaining([expect.objectContaining({ cluster: 'sc1', key: expect.stringContaining('9c8b7a6d5e4f4a3b8c2d1e0f9a8b7c6d') })]));
  });

  test('a pod that becomes ready in cluster 1 is discoverable from cluster 2; a deleted pod disappears', async () => {
    // A consumer in cluster 1 that depends on orders watches its own cluster's pods too.
    const consumer = await registerService(sc1.url, { serviceName: 'storefront', appId: 'mall', version: '1.0.0' });
    const dep = await api(sc1.url, 'GET', '/v4/default/registry/instances?appId=mall&serviceName=orders&global=true', undefined, { 'X-ConsumerId': consumer });
    expect(dep.status).toBe(200);
    const watcher = await Watcher.open(sc1.url, consumer);
    const pending = byName(cluster1, 'Pod', 'orders-6d5f7c9b8-q7m2z');
    const slice = byName(cluster1, 'EndpointSlice', 'orders-7xq2v') as KubeObject & { endpoints: { conditions: { ready: boolean } }[] };
    await kube1.apply(
      { ...pending, status: { ...(pending.status as object), phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
      { ...slice, endpoints: slice.endpoints.map((e) => ({ ...e, conditions: { ready: true, serving: true, terminating: false } })) },
    );
    const both = await eventually(async () => {
      const found = await findGlobal(sc2.url, 'mall', 'orders');
      return found?.length === 2 ? found : undefined;
    }, 20_000, 'the newly ready pod visible from sc2');
    expect(both.map((i) => i.hostName).sort()).toEqual(['orders-6d5f7c9b8-q7m2z', 'orders-6d5f7c9b8-x2k4p']);
    await eventually(
      async () => (watcher.frames.some((f) => f.action === 'CREATE' && f.instance.hostName === 'orders-6d5f7c9b8-q7m2z') ? true : undefined),
      10_000,
      'the k8s CREATE pushed to a local watcher',
    );
    watcher.close();

    await kube1.control(
      { action: 'delete', body: { kind: 'Pod', namespace: 'shop', name: 'orders-6d5f7c9b8-x2k4p' } },
      { action: 'apply', body: { ...slice, endpoints: [{ ...slice.endpoints[1], conditions: { ready: true, serving: true, terminating: false } }] } },
    );
    const one = await eventually(async () => {
      const found = await findGlobal(sc2.url, 'mall', 'orders');
      return found?.length === 1 ? found : undefined;
    }, 20_000, 'the deleted pod gone from sc2');
    expect(one[0].hostName).toBe('orders-6d5f7c9b8-q7m2z');
  });

  test('an expired watch (410 Gone) relists: what changed meanwhile reaches the other cluster', async () => {
    const cluster2 = fixture('cluster-2');
    const pod = byName(cluster2, 'Pod', 'billing-0');
    const ep = byName(cluster2, 'Endpoints', 'billing') as KubeObject & { subsets: { addresses: object[] }[] };
    const pod1 = { ...pod, metadata: { name: 'billing-1', namespace: 'finance', uid: 'f5a6b7c8-d9e0-4f1a-8b2c-3d4e5f6a7b8c' }, status: { ...(pod.status as object), podIP: '10.245.1.8' } };
    const address1 = { ip: '10.245.1.8', nodeName: 'node-b', targetRef: { kind: 'Pod', namespace: 'finance', name: 'billing-1' } };
    // In one go, so no re-watch can slip in: watches end, objects change, and the history of
    // those changes is compacted away (a re-watch from before them gets 410).
    await kube2.control(
      { action: 'stop-watches' },
      { action: 'apply', body: pod1 },
      { action: 'apply', body: { ...ep, subsets: [{ ...ep.subsets[0], addresses: [...ep.subsets[0].addresses, address1] }] } },
      { action: 'compact' },
    );
    const found = await eventually(async () => {
      const r = await findGlobal(sc1.url, 'mall', 'billing', 'production');
      return r?.length === 2 ? r : undefined;
    }, 20_000, 'billing-1 visible from sc1');
    expect(found.map((i) => i.hostName).sort()).toEqual(['billing-0', 'billing-1']);
    expect((await kube2.state()).expired).toBeGreaterThan(0);
    expect(await sourceOf(sc2.url, 'sc2/k8s')).toMatchObject({ status: 'fresh', instances: 2 });
  });

  test("cluster 1's API going away marks its k8s records stale, not deleted", async () => {
    await kube1.kill();
    const source = await eventually(async () => {
      const s = await sourceOf(sc1.url, 'sc1/k8s');
      return s?.status === 'stale' ? s : undefined;
    }, 20_000, 'sc1/k8s stale');
    expect(source).toMatchObject({ instances: 1, k8s: { ok: false } });
    const onSc1 = await findGlobal(sc1.url, 'mall', 'orders');
    expect(onSc1).toHaveLength(1);
    expect(onSc1?.[0].properties).toMatchObject({ 'x-sc-stale': 'true', 'x-sc-origin-cluster': 'sc1' });
    // The peer keeps them too: no DELETE went out.
    const onSc2 = await findGlobal(sc2.url, 'mall', 'orders');
    expect(onSc2?.map((i) => i.hostName)).toEqual(['orders-6d5f7c9b8-q7m2z']);
  });
});
