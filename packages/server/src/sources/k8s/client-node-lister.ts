import * as http from 'node:http';
import * as https from 'node:https';
import type { K8sConnect, K8sKinds } from './k8s-source';
import { ListResult, ListerWatcher, RevisionGone, WatchEvent } from './lister-watcher';
import type { K8sEndpointSlice, K8sEndpoints, K8sNode, K8sObject, K8sPod, K8sService, K8sServiceExport } from './objects';

/*
 * The real Kubernetes API through @kubernetes/client-node 1.4.0. That package is ESM-only and
 * does not load in jest on Node 20, so it is never imported statically: `connect` loads it
 * with `await import()` at run time, and nothing else in the server refers to it.
 */

type ClientNode = typeof import('@kubernetes/client-node');
type KubeConfig = InstanceType<ClientNode['KubeConfig']>;

export type K8sClientOptions = Readonly<{
  /** A kubeconfig file (`KUBERNETES_CONFIG_PATH`); empty = the in-cluster service account. */
  kubeconfigPath: string;
  /** Namespaces to watch (`KUBERNETES_NAMESPACE`); empty = all. */
  namespaces: readonly string[];
  /** MCS opt-in: also watch ServiceExports (and require the API to serve them). */
  requireServiceExport: boolean;
  /** Items per list page (client-go lists in pages of 500). */
  pageSize?: number;
  /** Per-request timeout of lists and discovery (ms). */
  requestTimeoutMs?: number;
}>;

const SLICES_GV = '/apis/discovery.k8s.io/v1';
const MCS_GV = '/apis/multicluster.x-k8s.io/v1alpha1';

type Status = Readonly<{ kind?: string; code?: number; reason?: string; message?: string }>;

/** GETs against the current cluster of a kubeconfig, with its credentials and TLS settings. */
class ApiAccess {
  constructor(
    readonly k8s: ClientNode,
    readonly kc: KubeConfig,
    private readonly timeoutMs: number,
  ) {}

  async get(pathAndQuery: string, signal: AbortSignal): Promise<{ status: number; body: unknown }> {
    const cluster = this.kc.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    const url = new URL(cluster.server.replace(/\/+$/, '') + pathAndQuery);
    const opts: https.RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
    await this.kc.applyToHTTPSOptions(opts);
    const request = url.protocol === 'http:' ? http.request : https.request;
    return new Promise((resolve, reject) => {
      const req = request(url, { ...opts, signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : undefined });
          } catch {
            reject(new Error(`GET ${url.pathname}: HTTP ${res.statusCode}: not JSON`));
          }
        });
      });
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`GET ${url.pathname}: no answer in ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end();
    });
  }

  /** Whether a group/version serves a resource (404 = the group is not installed). */
  async serves(groupVersion: string, resource: string, signal: AbortSignal): Promise<boolean> {
    const r = await this.get(groupVersion, signal);
    if (r.status === 404) return false;
    if (r.status !== 200) throw new Error(`GET ${groupVersion}: HTTP ${r.status}: ${statusMessage(r.body)}`);
    const resources = (r.body as { resources?: { name?: string }[] } | undefined)?.resources ?? [];
    return resources.some((x) => x.name === resource);
  }
}

function statusMessage(body: unknown): string {
  const s = body as Status | undefined;
  return s?.message ?? s?.reason ?? '';
}

function isExpired(s: Status | undefined): boolean {
  return s?.code === 410 || s?.reason === 'Expired' || s?.reason === 'Gone';
}

type Queued = { event: { type: string; object: unknown } } | { end: true; error?: unknown };

/** One kind (in one namespace, or in all) as a ListerWatcher: paged lists, streamed watches. */
export class ClientNodeListerWatcher<T extends K8sObject> implements ListerWatcher<T> {
  constructor(
    private readonly api: ApiAccess,
    private readonly path: string,
    readonly description: string,
    private readonly pageSize: number,
  ) {}

  async list(signal: AbortSignal): Promise<ListResult<T>> {
    const items: T[] = [];
    let revision = '';
    let token = '';
    do {
      const q = `?limit=${this.pageSize}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
      const r = await this.api.get(this.path + q, signal);
      if (r.status === 410 && token) throw new RevisionGone('list continuation expired (410)');
      if (r.status !== 200) throw new Error(`list ${this.description}: HTTP ${r.status}: ${statusMessage(r.body)}`);
      const page = r.body as { metadata?: { resourceVersion?: string; continue?: string }; items?: T[] | null };
      items.push(...(page.items ?? []));
      revision ||= page.metadata?.resourceVersion ?? '';
      token = page.metadata?.continue ?? '';
    } while (token);
    return { items, revision };
  }

  async *watch(from: string, signal: AbortSignal): AsyncIterable<WatchEvent<T>> {
    const queue: Queued[] = [];
    let wake: (() => void) | undefined;
    const push = (q: Queued) => {
      queue.push(q);
      wake?.();
    };
    const watcher = new this.api.k8s.Watch(this.api.kc);
    const controller = watcher.watch(
      this.path,
      { resourceVersion: from, allowWatchBookmarks: true },
      (type: string, object: unknown) => push({ event: { type, object } }),
      (err: unknown) => push({ end: true, error: err ?? undefined }),
    );
    const onAbort = () => push({ end: true });
    signal.addEventListener('abort', onAbort);
    try {
      for (;;) {
        while (queue.length === 0) await new Promise<void>((r) => (wake = r));
        const q = queue.shift()!;
        if ('end' in q) {
          if (signal.aborted || q.error === undefined) return;
          if ((q.error as { statusCode?: number }).statusCode === 410) throw new RevisionGone();
          throw q.error;
        }
        const { type, object } = q.event;
        if (type === 'ERROR') {
          const status = object as Status;
          if (isExpired(status)) throw new RevisionGone();
          throw new Error(`watch ${this.description}: ${status.code ?? ''} ${statusMessage(status)}`.trim());
        }
        const revision = (object as K8sObject | undefined)?.metadata?.resourceVersion ?? '';
        if (type === 'BOOKMARK') yield { type: 'BOOKMARK', revision };
        else if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') yield { type, object: object as T, revision };
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      void controller.then((c) => c.abort()).catch(() => undefined);
    }
  }
}

function pathOf(base: string, resource: string, namespace: string | undefined): string {
  return namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${resource}` : `${base}/${resource}`;
}

function loadConfig(k8s: ClientNode, options: K8sClientOptions): KubeConfig {
  const kc = new k8s.KubeConfig();
  if (options.kubeconfigPath) kc.loadFromFile(options.kubeconfigPath);
  else if (process.env.KUBERNETES_SERVICE_HOST) kc.loadFromCluster();
  else throw new Error('no Kubernetes configuration: set KUBERNETES_CONFIG_PATH to a kubeconfig, or run inside a cluster');
  if (!kc.getCurrentCluster()) throw new Error(`kubeconfig ${options.kubeconfigPath}: no current cluster`);
  return kc;
}

/**
 * Loads the configuration and asks the API what it serves: EndpointSlices where
 * discovery.k8s.io/v1 has them (else Endpoints), and, in the MCS opt-in mode, ServiceExports.
 */
export function clientNodeConnect(options: K8sClientOptions): K8sConnect {
  return async (signal): Promise<K8sKinds> => {
    const k8s: ClientNode = await import('@kubernetes/client-node');
    const api = new ApiAccess(k8s, loadConfig(k8s, options), options.requestTimeoutMs ?? 30_000);
    const useSlices = await api.serves(SLICES_GV, 'endpointslices', signal);
    if (options.requireServiceExport && !(await api.serves(MCS_GV, 'serviceexports', signal))) {
      throw new Error('the MCS opt-in needs serviceexports.multicluster.x-k8s.io/v1alpha1, which this API does not serve');
    }
    const pageSize = options.pageSize ?? 500;
    const namespaces: readonly (string | undefined)[] = options.namespaces.length > 0 ? options.namespaces : [undefined];
    const each = <T extends K8sObject>(base: string, resource: string) =>
      namespaces.map((ns) => new ClientNodeListerWatcher<T>(api, pathOf(base, resource, ns), ns ? `${resource} in ${ns}` : resource, pageSize));
    return {
      services: each<K8sService>('/api/v1', 'services'),
      endpoints: useSlices
        ? { kind: 'endpointslices', lws: each<K8sEndpointSlice>(SLICES_GV, 'endpointslices') }
        : { kind: 'endpoints', lws: each<K8sEndpoints>('/api/v1', 'endpoints') },
      pods: each<K8sPod>('/api/v1', 'pods'),
      nodes: new ClientNodeListerWatcher<K8sNode>(api, '/api/v1/nodes', 'nodes', pageSize),
      serviceExports: options.requireServiceExport ? each<K8sServiceExport>(MCS_GV, 'serviceexports') : undefined,
    };
  };
}
