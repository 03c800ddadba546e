import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RESOURCES, Resource, apiResourceList, resourceOfKind, statusBody } from './resources';

/**
 * A test-only stand-in for kube-apiserver: list and watch of Services, Endpoints, Pods, Nodes,
 * EndpointSlices and ServiceExports over plain HTTP, with resourceVersions, newline-delimited
 * JSON watch events and 410 Gone for a revision older than the history it keeps. Tests drive
 * it in process (apply, remove, stopWatches, compact) or over `/_control/*`.
 */

export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
};

export type StandInOptions = Readonly<{
  host?: string;
  port?: number;
  /** Objects present at start (their `kind` says where they go). */
  objects?: readonly KubeObject[];
  /** Watch events kept for resuming; a watch from before them gets 410. */
  historyLimit?: number;
  /** Serve discovery.k8s.io/v1 (EndpointSlices); off = an API without it. */
  endpointSlices?: boolean;
  /** Serve multicluster.x-k8s.io/v1alpha1 (ServiceExports). */
  serviceExports?: boolean;
}>;

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';
type Stored = { resource: Resource; object: KubeObject };
type HistoryEntry = { rv: number; resource: Resource; namespace: string; type: EventType; object: KubeObject };
type Watcher = { resource: Resource; namespace: string | undefined; res: http.ServerResponse };

const keyOf = (r: Resource, ns: string, name: string) => `${r.plural}/${ns}/${name}`;

export class KubeApiStandIn {
  private readonly objects = new Map<string, Stored>();
  private readonly history: HistoryEntry[] = [];
  private readonly watchers = new Set<Watcher>();
  private rv = 1000;
  /** Watches from a revision below this get 410. */
  private compactedTo: number;
  private readonly server: http.Server;
  url = '';
  /** Requests served, by `METHOD path` without the query (for tests). */
  readonly requests: string[] = [];
  /** Watches refused with 410 Gone. */
  expired = 0;

  private constructor(private readonly options: StandInOptions) {
    for (const o of options.objects ?? []) this.apply(o);
    this.compactedTo = this.rv;
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  static async start(options: StandInOptions = {}): Promise<KubeApiStandIn> {
    const s = new KubeApiStandIn(options);
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    const a = s.server.address() as AddressInfo;
    s.url = `http://${a.address}:${a.port}`;
    return s;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  get openWatches(): number {
    return this.watchers.size;
  }

  /** Create or replace an object (kubectl apply): a new resourceVersion and a watch event. */
  apply(input: KubeObject): KubeObject {
    const resource = this.resourceOf(input);
    const ns = resource.namespaced ? (input.metadata?.namespace ?? 'default') : '';
    const name = input.metadata?.name;
    if (!name) throw new Error('apply: metadata.name is required');
    const key = keyOf(resource, ns, name);
    const prev = this.objects.get(key)?.object;
    this.rv += 1;
    const object: KubeObject = {
      ...input,
      apiVersion: resource.apiVersion,
      kind: resource.kind,
      metadata: {
        ...input.metadata,
        name,
        ...(resource.namespaced ? { namespace: ns } : {}),
        uid: input.metadata?.uid ?? prev?.metadata?.uid ?? randomUUID(),
        creationTimestamp: input.metadata?.creationTimestamp ?? prev?.metadata?.creationTimestamp ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        resourceVersion: String(this.rv),
      },
    };
    this.objects.set(key, { resource, object });
    this.record(prev ? 'MODIFIED' : 'ADDED', resource, ns, object);
    return object;
  }

  /** Delete an object; false when there is none. */
  remove(kind: string, namespace: string | undefined, name: string): boolean {
    const resource = resourceOfKind(kind);
    if (!resource) throw new Error(`unknown kind ${kind}`);
    const ns = resource.namespaced ? (namespace ?? 'default') : '';
    const key = keyOf(resource, ns, name);
    const stored = this.objects.get(key);
    if (!stored) return false;
    this.objects.delete(key);
    this.rv += 1;
    const object = { ...stored.object, metadata: { ...stored.object.metadata, resourceVersion: String(this.rv) } };
    this.record('DELETED', resource, ns, object);
    return true;
  }

  /** End every open watch cleanly (as an apiserver does on its timeout or restart). */
  stopWatches(): void {
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
  }

  /** Forget the watch history: resuming from any revision before now gets 410 Gone. */
  compact(): void {
    this.history.length = 0;
    this.compactedTo = this.rv;
  }

  async close(): Promise<void> {
    this.stopWatches();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private resourceOf(o: KubeObject): Resource {
    const r = o.kind ? resourceOfKind(o.kind) : undefined;
    if (!r) throw new Error(`unsupported kind '${o.kind ?? ''}' (supported: ${RESOURCES.map((x) => x.kind).join(', ')})`);
    return r;
  }

  private served(r: Resource): boolean {
    if (r.kind === 'EndpointSlice') return this.options.endpointSlices ?? true;
    if (r.kind === 'ServiceExport') return this.options.serviceExports ?? true;
    return true;
  }

  private record(type: EventType, resource: Resource, namespace: string, object: KubeObject): void {
    this.history.push({ rv: this.rv, resource, namespace, type, object });
    const limit = this.options.historyLimit ?? 1000;
    while (this.history.length > limit) this.compactedTo = this.history.shift()!.rv;
    for (const w of this.watchers) {
      if (w.resource === resource && (w.namespace === undefined || w.namespace === namespace)) writeEvent(w.res, type, object);
    }
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    this.requests.push(`${req.method} ${url.pathname}`);
    if (url.pathname.startsWith('/_control/')) {
      void this.control(req, res, url.pathname.slice('/_control/'.length));
      return;
    }
    if (req.method !== 'GET') return sendJson(res, 405, statusBody(405, 'MethodNotAllowed', `${req.method} is not supported`));
    const discovery = this.discovery(url.pathname);
    if (discovery !== undefined) return sendJson(res, 200, discovery);
    const route = this.routeOf(url.pathname);
    if (!route) return sendJson(res, 404, statusBody(404, 'NotFound', `the server could not find the requested resource`));
    if (url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1') this.watch(route, url, req, res);
    else this.list(route, url, res);
  }

  private discovery(path: string): unknown {
    const servedIn = (base: string) => RESOURCES.filter((r) => r.base === base && this.served(r));
    if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] };
    if (path === '/api/v1') return apiResourceList('v1', servedIn('/api/v1'));
    if (path === '/apis') {
      const groups = [...new Set(RESOURCES.filter((r) => r.base !== '/api/v1' && this.served(r)).map((r) => r.apiVersion))];
      return {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groups.map((gv) => {
          const [group, version] = gv.split('/');
          return { name: group, versions: [{ groupVersion: gv, version }], preferredVersion: { groupVersion: gv, version } };
        }),
      };
    }
    const m = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
    if (m) {
      const resources = servedIn(`/apis/${m[1]}/${m[2]}`);
      return resources.length > 0 ? apiResourceList(`${m[1]}/${m[2]}`, resources) : undefined;
    }
    return undefined;
  }

  private routeOf(path: string): { resource: Resource; namespace: string | undefined } | undefined {
    for (const r of RESOURCES) {
      if (!this.served(r) || !path.startsWith(`${r.base}/`)) continue;
      const rest = path.slice(r.base.length + 1).split('/');
      if (rest.length === 1 && rest[0] === r.plural) return { resource: r, namespace: undefined };
      if (r.namespaced && rest.length === 3 && rest[0] === 'namespaces' && rest[2] === r.plural) return { resource: r, namespace: decodeURIComponent(rest[1]) };
    }
    return undefined;
  }

  private itemsOf(resource: Resource, namespace: string | undefined): KubeObject[] {
    return [...this.objects.values()]
      .filter((s) => s.resource === resource && (namespace === undefined || s.object.metadata?.namespace === namespace))
      .map((s) => s.object)
      .sort((a, b) => Number(a.metadata?.resourceVersion) - Number(b.metadata?.resourceVersion));
  }

  /** A list at the current revision; `limit`/`continue` page it (the token is an offset). */
  private list(route: { resource: Resource; namespace: string | undefined }, url: URL, res: http.ServerResponse): void {
    const all = this.itemsOf(route.resource, route.namespace);
    const limit = Number(url.searchParams.get('limit') ?? '0');
    const offset = Number(url.searchParams.get('continue') ?? '0');
    const items = limit > 0 ? all.slice(offset, offset + limit) : all;
    const next = limit > 0 && offset + limit < all.length ? String(offset + limit) : undefined;
    const { resource } = route;
    sendJson(res, 200, {
      kind: `${resource.kind}List`,
      apiVersion: resource.apiVersion,
      metadata: { resourceVersion: String(this.rv), ...(next ? { continue: next } : {}) },
      items,
    });
  }

  private watch(route: { resource: Resource; namespace: string | undefined }, url: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
    const rvText = url.searchParams.get('resourceVersion') ?? '';
    const from = rvText === '' || rvText === '0' ? undefined : Number(rvText);
    if (from !== undefined && (!Number.isFinite(from) || from < this.compactedTo)) {
      this.expired += 1;
      sendJson(res, 410, statusBody(410, 'Expired', `too old resource version: ${rvText} (${this.compactedTo})`));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache' });
    // The client's informer resolves only once the watch response starts.
    res.flushHeaders();
    if (from === undefined) {
      for (const o of this.itemsOf(route.resource, route.namespace)) writeEvent(res, 'ADDED', o);
    } else {
      for (const h of this.history) {
        if (h.rv > from && h.resource === route.resource && (route.namespace === undefined || h.namespace === route.namespace)) writeEvent(res, h.type, h.object);
      }
    }
    const w: Watcher = { ...route, res };
    this.watchers.add(w);
    const timeout = Number(url.searchParams.get('timeoutSeconds') ?? '0');
    const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
    const done = () => {
      if (timer) clearTimeout(timer);
      this.watchers.delete(w);
    };
    req.on('close', done);
    res.on('close', done);
  }

  /**
   * `POST /_control/{apply|delete|stop-watches|compact|state|batch}`: apply takes an object or
   * a `List`; delete `{kind, namespace, name}`; batch a list of `{action, body}` run at once
   * (so no client request can come in between).
   */
  private async control(req: http.IncomingMessage, res: http.ServerResponse, action: string): Promise<void> {
    try {
      const text = await readBody(req);
      const body = text ? (JSON.parse(text) as unknown) : {};
      if (action === 'batch') {
        const steps = body as { action: string; body?: unknown }[];
        return sendJson(res, 200, { results: steps.map((step) => this.act(step.action, step.body ?? {})) });
      }
      const result = this.act(action, body);
      sendJson(res, result === undefined ? 404 : 200, result ?? { error: `unknown control action ${action}` });
    } catch (err) {
      sendJson(res, 400, { error: (err as Error).message });
    }
  }

  private act(action: string, input: unknown): unknown {
    const body = input as KubeObject & { items?: KubeObject[]; namespace?: string; name?: string };
    switch (action) {
      case 'apply':
        return { items: (body.kind === 'List' ? (body.items ?? []) : [body]).map((o) => this.apply(o)) };
      case 'delete':
        return { deleted: this.remove(String(body.kind), body.namespace, String(body.name)) };
      case 'stop-watches':
        this.stopWatches();
        return {};
      case 'compact':
        this.compact();
        return { compactedTo: this.compactedTo };
      case 'state':
        return { resourceVersion: this.rv, compactedTo: this.compactedTo, watches: this.watchers.size, expired: this.expired };
      default:
        return undefined;
    }
  }
}

function writeEvent(res: http.ServerResponse, type: EventType, object: KubeObject): void {
  res.write(`${JSON.stringify({ type, object })}\n`);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
