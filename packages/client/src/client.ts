import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { ScCodes, type GovernServicesResponse, type MicroService, type MicroServiceInstance } from '@service-center/core';
import { FindQuery, GovernQuery, GovernServicesQuery, RegistryApi } from './api/registry-api';
import { CachedAnswer, InstanceCache } from './cache/instance-cache';
import { DiscoveredInstance, Locality, rankInstances } from './discovery/locality';
import { FailoverOptions, failoverPolicyOf, selectWithFailover } from './discovery/failover';
import type { FailoverPolicy } from '@service-center/core';
import { ScClientError, closedError, hasScCode, isScClientError } from './errors';
import { ClientEvent, EventSink, safeEmit } from './events';
import { HeartbeatMode, KeepAlive, Registration, RegistrationSpec } from './registration/keepalive';
import { EndpointHealth, EndpointPool, FailoverTransport } from './transport/failover';
import { FetchLike, defaultFetch, tlsFetch } from './transport/fetch-transport';
import type { TlsOptions } from './transport/tls';
import { Credentials, TokenKeeper } from './auth/token-keeper';
import type { BackoffOptions } from '@service-center/core';
import { DEFAULT_BACKOFF } from './transport/retry';
import { WatchHandle, WatchHandler, WatchOptions, Watcher } from './watch/watcher';

export type ClientOptions = Readonly<{
  /** Server addresses, e.g. ['http://10.0.0.1:30100', 'http://10.0.0.2:30100']; tried in order. */
  endpoints: readonly string[];
  /** Tenant domain, sent as `X-Domain-Name` (default `default`). */
  domain?: string;
  /** Tenant project, the `{project}` of every path (default `default`). */
  project?: string;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Where this application runs; discover() ranks instances by it. */
  locality?: Locality;
  /**
   * discover() by a failover policy instead of the locality tiers: the caller's cluster
   * (`locality.cluster`, required) while enough of its instances are UP, then other clusters
   * in `order`. See FailoverOptions.
   */
  failover?: FailoverOptions;
  /** A fixed token, sent as `Authorization: Bearer <token>` (SC with RBAC); see `credentials` for login. */
  token?: string;
  /**
   * An RBAC account: the client logs in (`POST /v4/token`) at each address it talks to, sends
   * `Authorization: Bearer <token>` on every call and websocket, and replaces the token at 80 %
   * of its life and after a 401. A server without RBAC (404 at `/v4/token`) gets no token.
   */
  credentials?: Credentials;
  /**
   * TLS towards `https://` addresses, as PEM contents (strings or Buffers, not file paths):
   * `ca` is trusted besides the system CAs, `cert` and `key` are the client certificate for
   * servers that verify clients (mTLS). Used by every call and both websockets (watch,
   * heartbeat); with a custom `fetch`, that fetch's own TLS applies to the HTTP calls.
   */
  tls?: TlsOptions;
  /** HTTP implementation (default node-fetch v2). */
  fetch?: FetchLike;
  heartbeat?: Readonly<{
    /** `websocket` uses the server's websocket heartbeat when it offers one, HTTP otherwise (default `http`). */
    mode?: HeartbeatMode;
    /** Default: the instance's healthCheck interval, else 30 s. */
    intervalMs?: number;
  }>;
  /** Backoff of a failed address, a dropped watch or heartbeat websocket (default 250 ms .. 15 s). */
  backoff?: BackoffOptions;
  cache?: Readonly<{
    /** How long discover() answers from the cache without asking the server (default 5 s; 0 = always ask). */
    ttlMs?: number;
    /** Empty answers in a row before an empty list replaces a non-empty one (default 3). */
    emptyConfirmations?: number;
  }>;
  /** How often a watch pings the server to detect a dead connection (default 30 s). */
  watchPingMs?: number;
  onEvent?: (event: ClientEvent) => void;
  now?: () => number;
}>;

/** A service to register; serviceName is required, SC fills in the rest. */
export type ServiceSpec = MicroService & Readonly<{ serviceName: string }>;

/** An instance to register; `instanceId` is generated (and kept across re-registrations) when absent. */
export type InstanceSpec = Omit<MicroServiceInstance, 'serviceId'>;

export type FindResult = Readonly<{
  instances: readonly MicroServiceInstance[];
  revision: string | undefined;
  /** The server answered 304: `instances` is the cached answer it confirmed. */
  notModified: boolean;
  endpoint: string;
}>;

export type DiscoverResult = Readonly<{
  /** UP instances, best first (locality), stale ones only when nothing fresh exists. */
  instances: readonly DiscoveredInstance[];
  /** The answer comes from the client's cache (fresh enough, or every server unreachable). */
  fromCache: boolean;
  /** Set when no server could be asked: the answer is the last one known. */
  outage: ScClientError | undefined;
  /** When a server last confirmed the answer (ms since epoch). */
  confirmedAt: number;
  revision: string | undefined;
  /** Every instance served is stale (its cluster is unreachable). */
  staleOnly: boolean;
  /** The server answered empty; the last non-empty answer is kept until that is confirmed. */
  emptyAnswerHeld: boolean;
}>;

/**
 * The Service-Center client: register and stay registered, find and watch instances across
 * clusters, rank them by locality, and keep answering from the last known state while every
 * server is down. Works against our server and against Service-Center (same v4 API).
 */
export class ServiceCenterClient {
  /** Typed v4 routes over the same failover transport (also used by scctl). */
  readonly registry: RegistryApi;
  private readonly pool: EndpointPool;
  private readonly cache: InstanceCache;
  private readonly headers: Record<string, string>;
  private readonly auth: TokenKeeper | undefined;
  private readonly project: string;
  private readonly timeoutMs: number;
  private readonly backoff: BackoffOptions;
  private readonly onEvent: EventSink | undefined;
  private readonly now: () => number;
  private readonly watchers = new Set<Watcher>();
  private readonly failover: FailoverPolicy | undefined;
  private keepAlive: KeepAlive | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: ClientOptions) {
    const endpoints = options.endpoints.map((e) => e.trim().replace(/\/+$/, '')).filter((e) => e !== '');
    if (endpoints.length === 0) throw new Error('ServiceCenterClient: at least one endpoint is required');
    for (const e of endpoints) {
      if (!/^https?:\/\/[^/]+/i.test(e)) throw new Error(`ServiceCenterClient: '${e}' is not an http(s) address`);
    }
    this.project = options.project ?? 'default';
    if (options.failover && options.locality?.cluster === undefined) throw new Error('ServiceCenterClient: `failover` needs `locality.cluster` (the cluster to prefer)');
    this.failover = options.failover ? failoverPolicyOf(options.failover) : undefined;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.onEvent = options.onEvent;
    this.now = options.now ?? Date.now;
    this.headers = { 'X-Domain-Name': options.domain ?? 'default', 'User-Agent': 'service-center-ts-client' };
    if (options.token && options.credentials) throw new Error('ServiceCenterClient: give either `token` or `credentials`, not both');
    if (options.token) this.headers.Authorization = `Bearer ${options.token}`;
    const fetch = options.fetch ?? (options.tls ? tlsFetch(options.tls) : defaultFetch);
    this.auth = options.credentials
      ? new TokenKeeper({ credentials: options.credentials, transport: { fetch, timeoutMs: this.timeoutMs, headers: this.headers }, now: this.now })
      : undefined;
    this.pool = new EndpointPool(endpoints, {
      backoff: this.backoff,
      now: this.now,
      onChange: (endpoint, healthy, error) =>
        safeEmit(this.onEvent, healthy ? { type: 'endpoint-up', endpoint } : { type: 'endpoint-down', endpoint, error: error ?? '' }),
    });
    const transport = new FailoverTransport(this.pool, { fetch, timeoutMs: this.timeoutMs, headers: this.headers, auth: this.auth });
    this.registry = new RegistryApi(transport, this.project);
    this.cache = new InstanceCache({ emptyConfirmations: options.cache?.emptyConfirmations, now: this.now });
  }

  /** The registered instance, once register() succeeded (ids may change after re-registration). */
  get registration(): Registration | undefined {
    return this.keepAlive?.registration;
  }

  /** Health of each server address (failover state). */
  endpoints(): EndpointHealth[] {
    return this.pool.health();
  }

  /** Register a service; idempotent: an existing service with the same key keeps its id. */
  async registerService(service: ServiceSpec): Promise<string> {
    this.ensureOpen();
    return this.registry.registerService(service);
  }

  /** Register an instance; with an `instanceId` already known, the server treats it as a heartbeat. */
  async registerInstance(serviceId: string, instance: InstanceSpec): Promise<string> {
    this.ensureOpen();
    return this.registry.registerInstance(serviceId, { ...instance, serviceId });
  }

  /**
   * Register the service and one instance of it, then keep the instance alive until close():
   * heartbeats, and registration again whenever a server has lost the instance.
   */
  async register(spec: Readonly<{ service: ServiceSpec; instance?: InstanceSpec }>): Promise<Registration> {
    this.ensureOpen();
    if (this.keepAlive) throw new Error('ServiceCenterClient: register() was already called; one instance per client');
    const instance: MicroServiceInstance = {
      hostName: os.hostname(),
      ...spec.instance,
      instanceId: spec.instance?.instanceId ?? randomUUID().replace(/-/g, ''),
    };
    const serviceId = await this.registry.registerService(spec.service);
    const instanceId = await this.registry.registerInstance(serviceId, { ...instance, serviceId });
    const full: RegistrationSpec = { service: spec.service, instance: { ...instance, instanceId } };
    const intervalMs = this.options.heartbeat?.intervalMs ?? (instance.healthCheck?.interval ?? 30) * 1000;
    this.keepAlive = new KeepAlive(
      {
        api: this.registry,
        pool: this.pool,
        project: this.project,
        headers: this.headers,
        timeoutMs: this.timeoutMs,
        tls: this.options.tls,
        auth: this.auth,
        intervalMs,
        mode: this.options.heartbeat?.mode ?? 'http',
        backoff: this.backoff,
        onEvent: this.onEvent,
      },
      full,
      { serviceId, instanceId },
    );
    this.keepAlive.start();
    safeEmit(this.onEvent, { type: 'registered', serviceId, instanceId });
    return { serviceId, instanceId };
  }

  /**
   * The applications (appIds) of this tenant in one environment (default: none), as
   * go-chassis' `GetAllApplications`; `global` spans every cluster of the federation.
   */
  async getAllApplications(q: GovernQuery & Readonly<{ env?: string }> = {}): Promise<readonly string[]> {
    this.ensureOpen();
    return this.registry.applications(q);
  }

  /** Service details as the consoles read them (`/govern/microservices`), e.g. `{ options: ['instances'], global: true }`. */
  async governServices(q: GovernServicesQuery = {}): Promise<GovernServicesResponse> {
    this.ensureOpen();
    return this.registry.governServices(q);
  }

  /** One HTTP heartbeat (register() already sends them). */
  async heartbeat(serviceId: string, instanceId: string): Promise<void> {
    this.ensureOpen();
    await this.registry.heartbeat(serviceId, instanceId);
  }

  /**
   * Find instances (`GET …/registry/instances`). The previous answer's revision is sent as
   * `rev`; a 304 returns the cached instances with `notModified: true`. The consumer id is the
   * registered service unless given (SC records the dependency that feeds watches).
   */
  async findInstances(query: FindQuery): Promise<FindResult> {
    this.ensureOpen();
    const q = this.withConsumer(query);
    const cached = this.cache.get(q);
    const answer = await this.registry.find(q, cached?.revision);
    if (answer.notModified) {
      const confirmed = this.cache.confirm(q, answer.revision);
      if (confirmed) return { instances: confirmed.instances, revision: confirmed.revision, notModified: true, endpoint: answer.endpoint };
      throw new ScClientError({ kind: 'decode', message: 'find instances: 304 Not Modified without a cached answer', endpoint: answer.endpoint });
    }
    const outcome = this.cache.offer(q, answer.instances, answer.revision);
    if (outcome === 'protected') safeEmit(this.onEvent, { type: 'empty-answer-held', query: q, streak: this.cache.get(q)?.emptyStreak ?? 0 });
    return { instances: answer.instances, revision: answer.revision, notModified: false, endpoint: answer.endpoint };
  }

  /**
   * The instances to call, best first: UP only; same cluster, then same region and zone, then
   * the rest; stale instances only when nothing fresh exists. Answers from the cache while it
   * is fresh, and from the last known answer (with `outage` set) while no server answers. An
   * empty answer does not wipe a non-empty one until confirmed (empty-list protection).
   */
  async discover(query: FindQuery): Promise<DiscoverResult> {
    this.ensureOpen();
    const q = this.withConsumer(query);
    const here = this.options.locality ?? {};
    const held = this.cache.get(q);
    const ttl = this.options.cache?.ttlMs ?? 5000;
    if (held && !held.dirty && this.now() - held.confirmedAt < ttl) return resultOf(held, this.rank(here), true, undefined);
    try {
      await this.findInstances(q);
    } catch (err) {
      if (!isScClientError(err)) throw err;
      if (hasScCode(err, ScCodes.ServiceNotExists)) {
        // No such service (yet, or any more): an empty answer, under the same protection.
        const outcome = this.cache.offer(q, [], undefined);
        if (outcome === 'protected') safeEmit(this.onEvent, { type: 'empty-answer-held', query: q, streak: this.cache.get(q)?.emptyStreak ?? 0 });
      } else if (held && coversOutage(err)) {
        safeEmit(this.onEvent, { type: 'serving-cache', query: q, error: err });
        return resultOf(held, this.rank(here), true, err);
      } else {
        throw err;
      }
    }
    const now = this.cache.get(q);
    if (!now) throw new Error('discover: no answer cached after a successful find');
    return resultOf(now, this.rank(here), false, undefined);
  }

  /**
   * Watch the instances of the providers `consumerId` depends on (SC's websocket watcher).
   * Reconnects with backoff across the addresses; cached answers of a changed provider are
   * revalidated before the handler hears about the change.
   */
  watch(consumerId: string, handler: WatchHandler, options: WatchOptions = {}): WatchHandle {
    this.ensureOpen();
    const watcher = new Watcher(
      consumerId,
      (event) => {
        const key = event.key;
        this.cache.invalidate((q) => q.appId === key?.appId && (q.serviceName === key?.serviceName || q.serviceName === key?.alias));
        handler(event);
      },
      {
        pool: this.pool,
        project: this.project,
        headers: this.headers,
        timeoutMs: this.timeoutMs,
        tls: this.options.tls,
        auth: this.auth,
        backoff: this.backoff,
        pingMs: this.options.watchPingMs ?? 30_000,
        onEvent: this.onEvent,
      },
      {
        ...options,
        onConnected: (endpoint) => {
          // Events may have been missed while disconnected: revalidate everything.
          this.cache.invalidate();
          options.onConnected?.(endpoint);
        },
      },
    );
    this.watchers.add(watcher);
    watcher.start();
    return {
      consumerId,
      connected: () => watcher.connected(),
      close: async () => {
        this.watchers.delete(watcher);
        await watcher.close();
      },
    };
  }

  /** Stop heartbeats and watches, then unregister the instance (best effort). Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      const keepAlive = this.keepAlive;
      await Promise.all([keepAlive?.stop(), ...[...this.watchers].map((w) => w.close())]);
      this.watchers.clear();
      if (!keepAlive) return;
      const { serviceId, instanceId } = keepAlive.registration;
      try {
        await this.registry.unregisterInstance(serviceId, instanceId);
        safeEmit(this.onEvent, { type: 'unregistered', serviceId, instanceId });
      } catch (err) {
        if (isScClientError(err) && !hasScCode(err, ScCodes.InstanceNotExists)) safeEmit(this.onEvent, { type: 'error', error: err });
      }
    })();
    return this.closing;
  }

  private withConsumer(q: FindQuery): FindQuery {
    const consumerId = q.consumerId ?? this.keepAlive?.registration.serviceId;
    return consumerId ? { ...q, consumerId } : q;
  }

  /** How discover() orders an answer: the failover policy when given, else the locality tiers. */
  private rank(here: Locality): Rank {
    const policy = this.failover;
    return policy ? (xs) => selectWithFailover(xs, here, policy) : (xs) => rankInstances(xs, here);
  }

  private ensureOpen(): void {
    if (this.closed) throw closedError();
  }
}

/** No server could answer properly: the cache may stand in (network, timeout, 5xx). */
function coversOutage(err: ScClientError): boolean {
  return err.kind === 'network' || err.kind === 'timeout' || (err.status !== undefined && err.status >= 500);
}

type Rank = (instances: readonly MicroServiceInstance[]) => DiscoveredInstance[];

function resultOf(a: CachedAnswer, rank: Rank, fromCache: boolean, outage: ScClientError | undefined): DiscoverResult {
  const instances = rank(a.instances);
  return {
    instances,
    fromCache,
    outage,
    confirmedAt: a.confirmedAt,
    revision: a.revision,
    staleOnly: instances.length > 0 && instances.every((i) => i.stale),
    emptyAnswerHeld: a.emptyStreak > 0,
  };
}
