import type { InstanceRecord, ServiceRecord, SourceHealth, SourceId } from '@service-center/core';
import type { Logger } from 'pino';
import type { SourceSink } from '../source-sink';
import { Backoff } from '@service-center/core';
import { reconnectBackoff, sleep as realSleep } from '../backoff';
import type { Source } from '../source-sink';
import { K8sIndex } from './k8s-index';
import type { ListerWatcher } from './lister-watcher';
import { instanceRecordsOf, serviceRecordOf, shouldRegister } from './mapping';
import {
  K8sEndpointSlice,
  K8sEndpoints,
  K8sNode,
  K8sObject,
  K8sPod,
  K8sService,
  K8sServiceExport,
  keyOf,
} from './objects';
import { Contribution, RecordBook, RecordDiff } from './record-book';
import { ChangeType, Reflector, ReflectorHandlers, ReflectorStatus } from './reflector';

/** The kinds to list and watch, one ListerWatcher per watched namespace (nodes: cluster-wide). */
export type K8sKinds = Readonly<{
  services: readonly ListerWatcher<K8sService>[];
  /** Endpoints, or EndpointSlices where the API serves them. */
  endpoints:
    | Readonly<{ kind: 'endpoints'; lws: readonly ListerWatcher<K8sEndpoints>[] }>
    | Readonly<{ kind: 'endpointslices'; lws: readonly ListerWatcher<K8sEndpointSlice>[] }>;
  pods: readonly ListerWatcher<K8sPod>[];
  nodes: ListerWatcher<K8sNode>;
  /** Only in the MCS opt-in mode. */
  serviceExports?: readonly ListerWatcher<K8sServiceExport>[];
}>;

/** Reach the API (load the configuration, discover what it serves); retried until it works. */
export type K8sConnect = (signal: AbortSignal) => Promise<K8sKinds>;

/** Where the k8s records go (origin = this server's cluster); peers get them from the merged view's changes. */
export type K8sSink = Pick<SourceSink, 'replace' | 'apply' | 'markUnreachable' | 'state'>;

export type K8sSourceOptions = Readonly<{
  cluster: string;
  /** MCS opt-in: import only Services that have a ServiceExport. */
  requireServiceExport: boolean;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  minWatchTimeoutMs?: number;
  /** How often a quarantined snapshot is re-offered from the caches (SC's informer resync: 60 s). */
  resyncMs?: number;
  log?: Logger;
}>;

export type K8sSourceStatus = Readonly<{
  connected: boolean;
  synced: boolean;
  ok: boolean;
  endpoints: 'endpoints' | 'endpointslices' | undefined;
  requireServiceExport: boolean;
  lastError: string | undefined;
  lastErrorAt: number | undefined;
  kinds: readonly ReflectorStatus[];
}>;

/**
 * The `k8s` source: Services, Endpoints (or EndpointSlices), Pods and Nodes of this cluster,
 * mapped as Service-Center's k8s adaptor maps them (mapping.ts), as source
 * `{cluster: <this server>, kind: 'k8s'}`.
 * After every kind's first list it replaces the source; a relist replaces it again and each
 * watch event applies the changes of the Services it touches. Changes also go to the peers'
 * change stream. A failure marks the source unreachable and keeps its records.
 */
export class K8sSource implements Source {
  readonly id: SourceId;
  private readonly abort = new AbortController();
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private running: Promise<void> | undefined;
  private reflectors: Reflector<K8sObject>[] = [];
  private index: K8sIndex | undefined;
  private book: RecordBook | undefined;
  private exports: Reflector<K8sServiceExport>[] | undefined;
  private endpointsKind: 'endpoints' | 'endpointslices' | undefined;
  private published = false;
  /** When contact was lost (unset while every kind is healthy). */
  private lostAt: number | undefined;
  private connectError: { message: string; at: number } | undefined;

  constructor(
    private readonly connect: K8sConnect,
    private readonly sink: K8sSink,
    private readonly options: K8sSourceOptions,
  ) {
    this.id = { cluster: options.cluster, kind: 'k8s' };
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  /** The published records (for the admin dump). */
  records(): { services: ServiceRecord[]; instances: InstanceRecord[] } {
    return this.book && this.published ? { services: this.book.services(), instances: this.book.instances() } : { services: [], instances: [] };
  }

  status(): K8sSourceStatus {
    const kinds = this.reflectors.map((r) => r.snapshotStatus());
    const failing = kinds.filter((k) => k.lastError !== undefined && !k.ok);
    const last = failing.sort((a, b) => (b.lastErrorAt ?? 0) - (a.lastErrorAt ?? 0))[0];
    return {
      connected: this.index !== undefined,
      synced: this.published,
      ok: this.index !== undefined && this.allOk(),
      endpoints: this.endpointsKind,
      requireServiceExport: this.options.requireServiceExport,
      lastError: last?.lastError ?? (this.index ? undefined : this.connectError?.message),
      lastErrorAt: last?.lastErrorAt ?? (this.index ? undefined : this.connectError?.at),
      kinds,
    };
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    const backoff = new Backoff(reconnectBackoff(800), this.options.random);
    let kinds: K8sKinds | undefined;
    while (!signal.aborted && !kinds) {
      try {
        kinds = await this.connect(signal);
      } catch (err) {
        if (signal.aborted) return;
        const message = err instanceof Error ? err.message : String(err);
        if (this.connectError?.message !== message) this.options.log?.warn({ err: message }, 'cannot reach the Kubernetes API; retrying');
        this.connectError = { message, at: this.now() };
        await this.sleep(backoff.next(), signal);
      }
    }
    if (!kinds || signal.aborted) return;
    this.build(kinds);
    this.options.log?.info({ endpoints: this.endpointsKind, kinds: this.reflectors.map((r) => r.snapshotStatus().what) }, 'watching the Kubernetes API');
    await Promise.all([...this.reflectors.map((r) => r.run(signal)), this.resyncLoop(signal)]);
  }

  private build(kinds: K8sKinds): void {
    const services = kinds.services.map((lw) => this.reflector(lw, { relist: () => undefined, change: (_t, key) => [key] }));
    const pods = kinds.pods.map((lw) =>
      this.reflector(lw, {
        relist: () => this.index?.reindexPods(),
        change: (type, key, pod, prev) => {
          this.index?.notePod(type === 'DELETED' ? undefined : pod, prev);
          const book = this.book!;
          const ips = [pod.status?.podIP, prev?.status?.podIP].filter((ip): ip is string => !!ip);
          return [...book.dependentsOf('pods', key), ...ips.flatMap((ip) => book.dependentsOf('ips', ip))];
        },
      }),
    );
    const nodes = [this.reflector(kinds.nodes, { relist: () => undefined, change: (_t, key) => this.book!.dependentsOf('nodes', key) })];
    this.endpointsKind = kinds.endpoints.kind;
    let endpointStores;
    let endpoints: Reflector<K8sObject>[];
    if (kinds.endpoints.kind === 'endpoints') {
      const rs = kinds.endpoints.lws.map((lw) => this.reflector(lw, { relist: () => undefined, change: (_t, key) => [key] }));
      endpoints = rs;
      endpointStores = { kind: 'endpoints' as const, stores: () => rs.map((r) => r.items()) };
    } else {
      const rs = kinds.endpoints.lws.map((lw) =>
        this.reflector(lw, {
          relist: () => this.index?.reindexSlices(),
          change: (type, _key, slice, prev) => this.index?.noteSlice(type === 'DELETED' ? undefined : slice, prev) ?? [],
        }),
      );
      endpoints = rs;
      endpointStores = { kind: 'endpointslices' as const, stores: () => rs.map((r) => r.items()) };
    }
    this.exports = kinds.serviceExports?.map((lw) => this.reflector(lw, { relist: () => undefined, change: (_t, key) => [key] }));
    this.index = new K8sIndex(
      () => services.map((r) => r.items()),
      endpointStores,
      () => pods.map((r) => r.items()),
      () => nodes.map((r) => r.items()),
    );
    this.book = new RecordBook(this.id, (key) => this.contributionOf(key));
    this.reflectors = [...services, ...endpoints, ...pods, ...nodes, ...(this.exports ?? [])] as Reflector<K8sObject>[];
  }

  /** A reflector whose events recompute the Services `change` names. */
  private reflector<T extends K8sObject>(
    lw: ListerWatcher<T>,
    on: { relist: () => void; change: (type: ChangeType, key: string, object: T, prev: T | undefined) => readonly string[] },
  ): Reflector<T> {
    const handlers: ReflectorHandlers<T> = {
      replaced: () => {
        on.relist();
        this.relisted();
      },
      changed: (type, key, object, prev) => {
        if (!this.published) return;
        this.push(this.book!.update(on.change(type, key, object, prev)));
      },
      failed: (err) => this.failed(lw.description, err),
    };
    return new Reflector<T>(lw, handlers, {
      keyOf,
      now: this.now,
      sleep: this.sleep,
      random: this.options.random,
      minWatchTimeoutMs: this.options.minWatchTimeoutMs,
    });
  }

  private contributionOf(serviceKey: string): Contribution | undefined {
    const index = this.index!;
    const svc = index.service(serviceKey);
    const exports = this.exports;
    const exported = exports ? (ns: string, name: string) => exports.some((r) => r.items().has(`${ns}/${name}`)) : undefined;
    if (!svc || !shouldRegister(svc, exported)) return undefined;
    const { addresses, rev } = index.addressesOf(serviceKey);
    const deps = { pods: new Set<string>(), ips: new Set<string>(), nodes: new Set<string>() };
    const instances = instanceRecordsOf(svc, addresses, rev, index, this.id.cluster, deps);
    return { service: serviceRecordOf(svc, this.id.cluster), instances, deps };
  }

  private allOk(): boolean {
    return this.reflectors.every((r) => r.snapshotStatus().ok);
  }

  private health(): SourceHealth {
    if (this.allOk()) return { status: 'fresh', lastConfirmed: this.now() };
    return { status: 'unreachable', lastConfirmed: this.lostAt ?? this.now() };
  }

  /** A kind (re)listed: once every kind has, the whole source is replaced. */
  private relisted(): void {
    if (!this.reflectors.every((r) => r.synced)) return;
    const book = this.book!;
    const keys = [...this.index!.allServices()].map(keyOf);
    book.rebuild(keys);
    if (this.allOk()) this.lostAt = undefined;
    this.sink.replace(book.input(this.health()));
    if (!this.published) this.options.log?.info({ services: book.services().length, instances: book.instances().length }, 'Kubernetes source synced');
    this.published = true;
  }

  private push(diff: RecordDiff): void {
    if (diff.changes.length > 0) this.sink.apply(diff.changes);
  }

  private failed(what: string, err: unknown): void {
    const first = this.lostAt === undefined;
    this.lostAt ??= this.now();
    if (first) this.options.log?.warn({ what, err: err instanceof Error ? err.message : String(err) }, 'Kubernetes API failed; keeping the last data (stale)');
    if (this.published) this.sink.markUnreachable(this.id, this.lostAt);
  }

  /** Quarantine judges whole snapshots: while one holds a withdrawal, offer the caches' snapshot again. */
  private async resyncLoop(signal: AbortSignal): Promise<void> {
    const every = this.options.resyncMs ?? 60_000;
    while (!signal.aborted) {
      await this.sleep(every, signal);
      if (signal.aborted || !this.published || !this.allOk()) continue;
      if (this.sink.state(this.id)?.quarantine) this.sink.replace(this.book!.input(this.health()));
    }
  }
}
