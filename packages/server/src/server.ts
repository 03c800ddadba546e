import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import { Counter } from 'prom-client';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import * as E from 'fp-ts/Either';
import type { ReloadResponse, ScError, Tenant } from '@service-center/core';
import { createApp } from './app';
import type { ServerConfig } from './config/schema';
import { createLogger } from './telemetry/logger';
import { createMetrics } from './telemetry/metrics';
import { mainRoutes } from './registry/admin/main-routes';
import { registryRouters } from './registry/routes';
import { openEmbeddedStore } from './store/embedded/open-embedded';
import type { KvStore } from './store/kv';
import type * as EtcdStoreModule from './store/etcd/etcd-store';
import type { InstanceLimits, RegistryDeps } from './registry/deps';
import { AlarmRegistry } from './registry/admin/alarms';
import { localReads } from './registry/discovery/local-reads';
import { mergedReads } from './registry/discovery/merged-reads';
import { InstanceView, SelfPreservationOptions } from './registry/instances/self-preservation';
import { SelfRegistration } from './registry/admin/self-registration';
import { WatchHub } from './registry/watch/hub';
import { DEFAULT_WATCH_OPTIONS, WatchSocketOptions } from './registry/watch/socket';
import { heartbeatPingMs } from './registry/watch/heartbeat-socket';
import { attachWebsockets } from './registry/watch/upgrade';
import { Federation } from './federation/federation';
import { remoteDumpItems } from './federation/remote-dump';
import { concatDumpItems, ownDumpItems } from './federation/own-dump';
import { federationRoutes } from './federation/routes';
import { reloadRoutes } from './federation/reload-routes';
import { ConfigReloader, ConfigSource } from './config/config-reloader';
import { registerFederationMetrics } from './federation/metrics';
import { registerRegistryMetrics } from './registry/metrics';
import { FindAnswers } from './registry/discovery/find-answers';
import { fastPath } from './registry/fast-path';
import { prepareRbac, startRbac } from './rbac/setup';
import { failoverReads } from '@service-center/core';
import { failoverPolicyOf } from './federation/failover-policy';
import { FailoverTracker } from './federation/failover-tracker';
import { registerFailoverMetrics } from './federation/failover-metrics';
import { failoverRoutes } from './federation/failover-routes';
import { TlsFiles, createTlsServer, secureContextOptions, watchTlsFiles } from './http/tls-listener';
import { TenantCensus } from './registry/microservices/tenant-census';
import { ConnectionGuard, connectionLimitsOf, serverOptions } from './http/connection-guard';
import { staticApp } from './http/static-assets';

/** The console's built files, shipped with the package (`npm run build` writes them). */
const CONSOLE_DIR = path.resolve(__dirname, '../console/dist');

export type RunningServer = Readonly<{
  /** Base URL, e.g. http://127.0.0.1:30100 */
  url: string;
  port: number;
  config: ServerConfig;
  /** Raise/clear alarms (peers raise BackendConnectionRefuse). */
  alarms: AlarmRegistry;
  /**
   * Re-read the configuration (with a config source: peers, filters, credentials), the TLS
   * files and the peer credentials: SIGHUP, a change of the config file, `POST /admin/reload`.
   * A configuration that does not load is refused and the running one kept.
   */
  reload(): Promise<E.Either<ScError, ReloadResponse>>;
  close(): Promise<void>;
}>;

export type StartOptions = Readonly<{
  log?: Logger;
  /** Collect Node process metrics (off in tests that run several servers in one process). */
  processMetrics?: boolean;
  /** Tests only: lower heartbeat minimums (short leases) or the instance quota. */
  instanceLimits?: InstanceLimits;
  /** Tests only: self-preservation window and thresholds. */
  selfPreservation?: Omit<SelfPreservationOptions, 'log'>;
  /** Tests only: how often the store looks for expired leases (ms). */
  leaseSweepMs?: number;
  /** Tests only: deadlines of the etcd store (one request; a write waiting for its watch), ms. */
  etcd?: Readonly<{ requestTimeoutMs?: number; syncTimeoutMs?: number }>;
  /** Tests only: watcher keep-alive and queue settings. */
  watch?: Partial<WatchSocketOptions>;
  /** Heartbeat websocket ping interval (SC: 30 s; kept within 1 s .. 1 h). */
  heartbeatPingMs?: number;
  /** How often SC's own instance heartbeats (SC: 30 s). */
  selfHeartbeatMs?: number;
  /** Tests only: the clock of RBAC tokens and login locks (ms since the epoch). */
  rbacNow?: () => number;
  /** Tests only: how long a peer stream poll waits, and how often staleness is re-judged (ms). */
  federation?: Readonly<{ pollWaitMs?: number; tickMs?: number }>;
  /** Tests and tools only: serve the console from this folder instead of the package's build. */
  consoleDir?: string;
  /** Where a reload reads the configuration again; `file` is also watched. Without it a reload re-reads credentials and certificates only. */
  configSource?: ConfigSource;
}>;

/** etcd3 brings gRPC and protobufjs, slow to load: only `--registry etcd` pays for them. */
function loadEtcdStore(): typeof EtcdStoreModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./store/etcd/etcd-store') as typeof EtcdStoreModule;
}

function tlsFilesOf(c: ServerConfig): TlsFiles | undefined {
  if (c.tlsCert === '') return undefined;
  return { cert: c.tlsCert, key: c.tlsKey, ca: c.tlsCa, verifyClient: c.tlsVerifyClient, minVersion: c.tlsMinVersion };
}

function etcdAccessOf(c: ServerConfig) {
  return { ca: c.etcdCa, cert: c.etcdCert, key: c.etcdKey, username: c.etcdUsername, passwordFile: c.etcdPasswordFile };
}

/** Start a server with a settled configuration; resolves once it listens. */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger(config.logLevel);
  const tlsFiles = tlsFilesOf(config);
  if (tlsFiles) secureContextOptions(tlsFiles); // a bad file stops the start before the store opens
  const rbacKeys = config.rbacEnabled ? prepareRbac(config, log) : undefined; // so do bad RBAC keys
  const store: KvStore =
    config.registry === 'etcd'
      ? await loadEtcdStore().openEtcdStore({ endpoints: config.etcdEndpoints, access: etcdAccessOf(config), dialTimeoutMs: 5000, log, ...options.etcd })
      : openEmbeddedStore(config.dataDir, { sweepMs: options.leaseSweepMs });
  let url = '';
  let hostPort = ''; // Service-Center's `instance` label
  const metrics = createMetrics(options.processMetrics ?? false, () => hostPort);
  // The failover policy of plain reads: read at each use, so a reload takes effect at once.
  let failover = failoverPolicyOf(config);
  const failingOver = () => failover.mode !== 'off';
  // The hub first: it must see a batch's service deletions before the view's instance events.
  const hub = new WatchHub(store, config.clusterName, log, failingOver);
  const deps: RegistryDeps = {
    store,
    config,
    clusterName: config.clusterName,
    log,
    now: Date.now,
    instanceLimits: options.instanceLimits,
    tenants: new TenantCensus(store),
    metrics: registerRegistryMetrics(metrics.registry, { store, subscribers: () => hub.subscribersByDomain(), instance: metrics.instance }),
  };
  const view = new InstanceView(store, { ...options.selfPreservation, log });
  const alarms = new AlarmRegistry();
  const self = new SelfRegistration(deps, view, alarms, { heartbeatMs: options.selfHeartbeatMs });
  const fed = new Federation({
    store,
    view,
    config,
    log,
    now: Date.now,
    alarms,
    selfUrl: () => url,
    pollWaitMs: options.federation?.pollWaitMs,
    tickMs: options.federation?.tickMs,
  });
  registerFederationMetrics(metrics.registry, fed);
  const local = localReads(store, view);
  const global = {
    reads: () => mergedReads(fed.reads(), store, local),
    version: () => fed.aggregator.version(),
    exportScope: (reader: string) => fed.exportScope(reader),
    remoteDump: () => concatDumpItems(remoteDumpItems(fed.aggregator.view(), config.clusterName), ownDumpItems(fed.k8s?.records(), config.clusterName)),
    lookupInstance: async (tenant: Tenant, serviceId: string, instanceId: string) =>
      (await fed.lookup.instance(tenant, serviceId, instanceId))?.value,
    lookupSchemas: async (tenant: Tenant, serviceId: string) => (await fed.lookup.schemas(tenant, serviceId))?.value,
  };
  const findAnswers = new FindAnswers(
    () => store.revision(),
    (l) => view.onChange(l),
    () => fed.aggregator.version(),
    failingOver,
  );
  // The one choice of what plain reads answer: the local registry, failing over to the merged view.
  const rt = { view, reads: failoverReads(local, () => fed.aggregator.view(), () => failover), alarms, self, global, findAnswers };
  const tracker: FailoverTracker = new FailoverTracker({
    local,
    policy: () => failover,
    log: log.child({ component: 'failover' }),
    now: Date.now,
    onChange: (tenant, serviceId, action, instance) => hub.onFailoverChange(tenant, serviceId, action, instance),
    onTransition: registerFailoverMetrics(metrics.registry, (): number => tracker.count()),
  });
  const health = async () => self.health();
  // Off by default, as Service-Center: then its routes do not exist and answer 404.
  const rbac = rbacKeys ? await startRbac(config, rbacKeys, deps, metrics.registry, options.rbacNow ?? Date.now) : undefined;
  let reload: () => Promise<E.Either<ScError, ReloadResponse>> = () => Promise.resolve(E.right({ changed: [] }));
  const app = createApp({
    log,
    metrics,
    guard: rbac?.middleware,
    publicFiles: staticApp({
      mount: '/ui',
      dir: options.consoleDir ?? CONSOLE_DIR,
      notBuilt: 'the console is not built: run npm run build',
      settings: { rbac: rbac !== undefined, cluster: config.clusterName },
    }),
    // Federation routes first: they answer /admin/clusters and the global reads of services.
    routers: [
      ...(rbac ? [rbac.router] : []),
      mainRoutes(health),
      federationRoutes(fed),
      failoverRoutes(() => failover, tracker),
      reloadRoutes(() => reload()),
      ...registryRouters(deps, rt),
    ],
  });
  // Watchers have one inlet: the merged view's changes, whatever their source.
  const stopWatchFeed = fed.aggregator.subscribe((events, next, before) => hub.onViewChange(events, next, before));
  // After the hub: a watcher hears of a local recovery before failover withdraws remote instances.
  const stopFailover = fed.aggregator.subscribe((events, next) => tracker.onViewChange(events, next));
  const appHandler = app.callback();
  const fast = fastPath({ deps, findAnswers, metrics });
  // With RBAC every request goes through the app, whose guard checks it.
  const limits = connectionLimitsOf(config);
  const guard = new ConnectionGuard(limits, metrics.registry, log);
  const routed: http.RequestListener = rbac ? (req, res) => void appHandler(req, res) : (req, res) => {
    fast(req, res)
      .then((done) => {
        if (!done) void appHandler(req, res);
      })
      .catch((err: unknown) => {
        log.error({ err }, 'fast path failed; answering through the app');
        if (!res.headersSent) void appHandler(req, res);
      });
  };
  const handler = guard.requests(routed);
  const listenerOptions = serverOptions(limits);
  const server = tlsFiles ? createTlsServer(tlsFiles, handler, listenerOptions) : http.createServer(listenerOptions, handler);
  guard.attach(server);
  const tlsWatch =
    tlsFiles && server instanceof https.Server
      ? watchTlsFiles(server, tlsFiles, (r) =>
          r.ok ? log.info({ cert: tlsFiles.cert }, 'TLS certificate (re)loaded') : log.error({ reason: r.reason }, 'TLS files not reloaded; keeping the previous certificate'),
        )
      : undefined;
  const closeWebsockets = attachWebsockets(server, {
    deps,
    hub,
    watch: { ...DEFAULT_WATCH_OPTIONS, ...options.watch },
    heartbeatPingMs: heartbeatPingMs(options.heartbeatPingMs),
    authorize: rbac?.authorizeUpgrade,
    admit: (address) => guard.admitWebsocket(address),
  });
  const shutdownParts = async () => {
    stopWatchFeed();
    stopFailover();
    await fed.stop();
    hub.close();
    deps.tenants.close();
    view.close();
    await store.close();
  };
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => {
      void closeWebsockets().then(shutdownParts);
      reject(err);
    };
    server.once('error', onError);
    server.listen(config.port, config.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  hostPort = `${hostForUrl}:${port}`;
  url = `${tlsFiles ? 'https' : 'http'}://${hostPort}`;
  fed.start();
  const reloadsCounter = new Counter({
    name: 'sc_config_reloads_total',
    help: 'Configuration reloads (SIGHUP, config file change, POST /admin/reload), applied or refused',
    labelNames: ['result'] as const,
    registers: [metrics.registry],
  });
  const reloader = new ConfigReloader(config, options.configSource, {
    refresh: () => {
      tlsWatch?.reload();
      fed.reloadCredentials();
    },
    reconfigure: async (next) => {
      const changed = await fed.reconfigure(next);
      const policy = failoverPolicyOf(next);
      if (JSON.stringify(policy) === JSON.stringify(failover)) return changed;
      failover = policy;
      tracker.repolicy(fed.aggregator.view());
      return [...changed, `failover ${policy.mode} (min healthy ${next.failoverMinHealthy}${policy.order.length > 0 ? `, order ${policy.order.join(',')}` : ''})`];
    },
    outcome: (result) => reloadsCounter.inc({ result }),
  }, log);
  reload = () => reloader.reload();
  await self.start(`rest://${hostForUrl}:${port}/${tlsFiles ? '?sslEnabled=true' : ''}`);
  log.info({ url, clusterName: config.clusterName, registry: config.registry, dataDir: config.dataDir }, 'service-center listening');
  /** Unregister ourselves, end websockets, finish in-flight requests, then close the store. */
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await self.stop().catch((err: unknown) => log.warn({ err }, 'unregistering SERVICECENTER failed'));
      await closeWebsockets();
      tlsWatch?.close();
      reloader.close();
      fed.feed.close(); // peers' long polls end now instead of holding the close for 2 s
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
      await shutdownParts().catch((err: unknown) => log.error({ err }, 'closing the store failed'));
    })());
  return {
    url,
    port,
    get config() {
      return reloader.config();
    },
    alarms,
    close,
    reload: () => reload(),
  };
}
