import { MergePolicy, RegistryReads, changeEventsOf, mergePolicy, viewReads } from '@service-center/core';
import { peerFetch } from '../sources/servicecenter/peer-tls';
import type { Logger } from 'pino';
import { Aggregator } from './aggregator';
import { ExportFeed } from './export-feed';
import type { ServerConfig } from '../config/schema';
import type { KvStore } from '../store/kv';
import { LocalSource } from '../sources/local/local-source';
import type { Source } from '../sources/source-sink';
import type { PeerFailure } from '@service-center/core';
import { PeerClient } from '../sources/servicecenter/peer-client';
import { PeerLogin } from '../sources/servicecenter/peer-login';
import type { Peer } from '../config/peers';
import { PeerStatus, PeerSync } from '../sources/servicecenter/peer-sync';
import { K8sConnect, K8sSource } from '../sources/k8s/k8s-source';
import { clientNodeConnect } from '../sources/k8s/client-node-lister';
import { AlarmIds, AlarmRegistry } from '../registry/admin/alarms';
import type { InstanceView } from '../registry/instances/self-preservation';
import { PeerLookup } from './peer-lookup';
import { QuarantineAlarm } from './quarantine-alarm';

export type FederationDeps = Readonly<{
  store: KvStore;
  /** The registry as readers see it (self-preservation applied): the local source reads it. */
  view: InstanceView;
  config: ServerConfig;
  log: Logger;
  now: () => number;
  alarms: AlarmRegistry;
  /** This server's own base URL, as peers reach it (for /admin/clusters). */
  selfUrl: () => string;
  /** Test hook: shorter waits. */
  pollWaitMs?: number;
  tickMs?: number;
  /** Test hook: how the `k8s` source reaches a Kubernetes API (default: @kubernetes/client-node). */
  k8sConnect?: K8sConnect;
}>;

/** The login at one peer: its own account in the YAML list, else `--peer-account`; none without either. */
function peerLoginFor(peer: Peer, config: ServerConfig, now: () => number): PeerLogin | undefined {
  const account = peer.account ?? config.peerAccount;
  const passwordFile = peer.passwordFile ?? config.peerPasswordFile;
  return account !== '' && passwordFile !== '' ? new PeerLogin({ account, passwordFile }, now) : undefined;
}

export function policyOf(config: ServerConfig): MergePolicy {
  return mergePolicy(config.clusterName, {
    demoteAfter: config.demoteAfter * 1000,
    dropAfter: config.dropAfter * 1000,
    quarantineShare: config.quarantineShare,
    quarantineMin: config.quarantineMin,
    quarantineConfirmations: config.quarantineConfirmations,
  });
}

/**
 * The multi-cluster side of a server: the merged view of the local registry and its peers,
 * the change stream it offers them, and the alarm while any peer fails.
 */
export class Federation {
  readonly aggregator: Aggregator;
  readonly feed: ExportFeed;
  /** Live lookups at the peers for what the merged view does not hold. */
  readonly lookup: PeerLookup;
  /** This cluster's Kubernetes objects (`--aggregate` with `k8s`): records of origin = this server. */
  readonly k8s: K8sSource | undefined;
  private readonly peers: PeerSync[] = [];
  private readonly clients: readonly PeerClient[];
  /** Every source of the merged view, started and stopped alike. */
  private readonly sources: Source[] = [];
  private readonly failing = new Map<string, PeerFailure>();
  /** The alarm and count of quarantines. */
  readonly quarantine: QuarantineAlarm;
  private ticker: NodeJS.Timeout | undefined;

  constructor(private readonly deps: FederationDeps) {
    const { config } = deps;
    this.aggregator = new Aggregator(policyOf(config), deps.now);
    this.feed = new ExportFeed(config.clusterName);
    this.quarantine = new QuarantineAlarm(this.aggregator, deps.alarms);
    this.aggregator.subscribe((events, view, before) => this.feed.publish(changeEventsOf(before, view, events)));
    const sharedFetch = peerFetch(config);
    const clients = config.aggregate.includes('servicecenter')
      ? config.clusters.map(
          (peer) =>
            new PeerClient(peer, {
              timeoutMs: config.peerTimeout * 1000,
              maxBytes: config.peerMaxBytes,
              fetch: peer.ca ? peerFetch(config, peer.ca) : sharedFetch,
              login: peerLoginFor(peer, config, deps.now),
            }),
        )
      : [];
    this.clients = clients;
    this.lookup = new PeerLookup(clients);
    const directPeers = new Set(clients.map((c) => c.peer.name));
    this.k8s = config.aggregate.includes('k8s')
      ? new K8sSource(
          deps.k8sConnect ??
            clientNodeConnect({ kubeconfigPath: config.kubeconfig, namespaces: config.k8sNamespaces, requireServiceExport: config.k8sRequireServiceExport }),
          this.aggregator,
          { cluster: config.clusterName, requireServiceExport: config.k8sRequireServiceExport, now: deps.now, log: deps.log.child({ component: 'k8s-source' }) },
        )
      : undefined;
    {
      for (const client of clients) {
        const peer = client.peer;
        this.peers.push(
          new PeerSync(
            client,
            this.aggregator,
            {
              intervalMs: config.syncInterval * 1000,
              stream: config.peerStream,
              pollWaitMs: deps.pollWaitMs ?? 25_000,
              directPeers,
              now: deps.now,
              log: deps.log.child({ component: 'peer-sync', peer: peer.name }),
            },
            (name, ok, failure) => this.peerHealth(name, ok, failure),
          ),
        );
      }
    }
    this.sources.push(new LocalSource(deps.store, deps.view, config.clusterName, this.aggregator, deps.now), ...this.peers);
    if (this.k8s) this.sources.push(this.k8s);
  }

  start(): void {
    for (const s of this.sources) s.start();
    this.ticker = setInterval(() => this.aggregator.tick(), this.deps.tickMs ?? 5_000);
    this.ticker.unref();
  }

  async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.feed.close();
    this.quarantine.close();
    await Promise.all(this.sources.map((s) => s.stop()));
  }

  /** Re-read the peer credentials: forget tokens and refusals (SIGHUP). */
  reloadCredentials(): void {
    for (const c of this.clients) c.reloadCredentials();
  }

  /** Registry reads over the current merged view (`global=true`). */
  reads(): RegistryReads {
    return viewReads(this.aggregator.view());
  }

  /** `{name: [urls]}` for this server and every configured peer. */
  clusters(): Record<string, string[]> {
    const out: Record<string, string[]> = { [this.deps.config.clusterName]: [this.deps.selfUrl()] };
    for (const p of this.deps.config.clusters) out[p.name] = [...p.urls];
    return out;
  }

  peerStatuses(): PeerStatus[] {
    return this.peers.map((p) => p.snapshotStatus());
  }

  private peerHealth(name: string, ok: boolean, failure?: PeerFailure): void {
    if (ok) this.failing.delete(name);
    else if (failure) this.failing.set(name, failure);
    if (this.failing.size === 0) {
      this.deps.alarms.clear(AlarmIds.BackendConnectionRefuse);
      return;
    }
    const detail = [...this.failing].map(([peer, f]) => `${peer}: ${f.url}: ${f.reason}`).join('; ');
    this.deps.alarms.raise(AlarmIds.BackendConnectionRefuse, `cannot reach peer(s): ${detail}`);
  }
}
