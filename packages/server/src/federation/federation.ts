import { MergePolicy, RegistryReads, ShareScope, mergePolicy, shareScope, viewReads } from '@service-center/core';
import { FeedWriter } from './feed-writer';
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
import { RelayRegistry } from './relay-registry';
import type { RelayTopology } from '@service-center/core';

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
  /** The configuration running now: a reload replaces it (`reconfigure`). */
  private config: ServerConfig;
  private readonly peers = new Map<string, PeerSync>();
  /** The peers' clients in configured order (shared with `lookup`, edited in place). */
  private readonly clients: PeerClient[] = [];
  /** Who may speak for which cluster (the relay rule), shared by every PeerSync. */
  readonly relays: RelayRegistry;
  /** The sources other than peers (local, k8s), started and stopped alike. */
  private readonly sources: Source[] = [];
  private readonly failing = new Map<string, PeerFailure>();
  /** The alarm and count of quarantines. */
  readonly quarantine: QuarantineAlarm;
  private ticker: NodeJS.Timeout | undefined;
  private started = false;

  constructor(private readonly deps: FederationDeps) {
    const { config } = deps;
    this.config = config;
    this.aggregator = new Aggregator(policyOf(config), deps.now);
    this.feed = new ExportFeed(config.clusterName);
    this.quarantine = new QuarantineAlarm(this.aggregator, deps.alarms);
    this.relays = new RelayRegistry(() => this.relayTopology(), deps.log.child({ component: 'relays' }));
    const writer = new FeedWriter(this.feed, deps.log.child({ component: 'export-feed' }));
    this.aggregator.subscribe((events, view, before) => writer.write(before, view, events));
    this.lookup = new PeerLookup(this.clients);
    this.k8s = config.aggregate.includes('k8s')
      ? new K8sSource(
          deps.k8sConnect ??
            clientNodeConnect({ kubeconfigPath: config.kubeconfig, namespaces: config.k8sNamespaces, requireServiceExport: config.k8sRequireServiceExport }),
          this.aggregator,
          { cluster: config.clusterName, requireServiceExport: config.k8sRequireServiceExport, now: deps.now, log: deps.log.child({ component: 'k8s-source' }) },
        )
      : undefined;
    for (const peer of this.peerList(config)) this.addPeer(this.clientFor(peer));
    this.sources.push(new LocalSource(deps.store, deps.view, config.clusterName, this.aggregator, deps.now));
    if (this.k8s) this.sources.push(this.k8s);
  }

  start(): void {
    this.started = true;
    for (const s of [...this.sources, ...this.peers.values()]) s.start();
    this.ticker = setInterval(() => this.aggregator.tick(), this.deps.tickMs ?? 5_000);
    this.ticker.unref();
  }

  async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.feed.close();
    this.quarantine.close();
    await Promise.all([...this.sources, ...this.peers.values()].map((s) => s.stop()));
  }

  /** Re-read the peer credentials: forget tokens and refusals (SIGHUP). */
  reloadCredentials(): void {
    for (const c of this.clients) c.reloadCredentials();
  }

  /**
   * Take on a new configuration without losing the merged view: peers added (pulled at once),
   * removed (their records leave as DELETE events), re-pointed (new URLs, CA or credentials:
   * same records, pulled again), and new export or import rules. Only the live settings of
   * `planReload` differ from the running configuration. Answers what changed, for the log.
   */
  async reconfigure(next: ServerConfig): Promise<string[]> {
    const before = this.config;
    const wanted = new Map(this.peerList(next).map((p) => [p.name, p]));
    const oldPeers = new Map(this.peerList(before).map((p) => [p.name, p]));
    // Build every new client first: a CA file that cannot be read refuses the reload before anything changes.
    this.config = next;
    let fresh: Map<string, PeerClient>;
    try {
      fresh = new Map(
        [...wanted]
          .filter(([name, peer]) => {
            const old = oldPeers.get(name);
            return !old || !this.peers.has(name) || !sameAccess(old, before, peer, next);
          })
          .map(([name, peer]) => [name, this.clientFor(peer)]),
      );
    } catch (err) {
      this.config = before;
      throw err;
    }
    const changed: string[] = [];
    for (const name of [...this.peers.keys()]) {
      if (wanted.has(name)) continue;
      await this.removePeer(name);
      changed.push(`peer ${name} removed`);
    }
    for (const [name, client] of fresh) {
      const sync = this.peers.get(name);
      if (!sync) {
        this.addPeer(client);
        changed.push(`peer ${name} added`);
      } else {
        this.replaceClient(name, client);
        sync.repoint(client);
        changed.push(`peer ${name} re-pointed`);
      }
    }
    this.orderClients();
    if (JSON.stringify(before.exports) !== JSON.stringify(next.exports)) {
      this.feed.rescope(); // held long polls answer now with the new scope id: readers resync
      changed.push('exports');
    }
    if (JSON.stringify(before.imports) !== JSON.stringify(next.imports)) {
      for (const sync of this.peers.values()) sync.reimport(next.imports);
      changed.push('imports');
    }
    return changed;
  }

  /** What a reader of the dump or change stream may receive (the export rules for it). */
  exportScope(reader: string): ShareScope {
    return shareScope(this.config.exports, reader);
  }

  /** Registry reads over the current merged view (`global=true`). */
  reads(): RegistryReads {
    return viewReads(this.aggregator.view());
  }

  /** `{name: [urls]}` for this server and every configured peer. */
  clusters(): Record<string, string[]> {
    const out: Record<string, string[]> = { [this.config.clusterName]: [this.deps.selfUrl()] };
    for (const p of this.config.clusters) out[p.name] = [...p.urls];
    return out;
  }

  peerStatuses(): PeerStatus[] {
    return [...this.peers.values()].map((p) => p.snapshotStatus());
  }

  private peerList(config: ServerConfig): readonly Peer[] {
    return config.aggregate.includes('servicecenter') ? config.clusters : [];
  }

  private clientFor(peer: Peer): PeerClient {
    const { config } = this;
    return new PeerClient(peer, {
      timeoutMs: config.peerTimeout * 1000,
      maxBytes: config.peerMaxBytes,
      fetch: peerFetch(config, peer.ca),
      login: peerLoginFor(peer, config, this.deps.now),
      clusterName: config.clusterName,
    });
  }

  private addPeer(client: PeerClient): void {
    const { config, deps } = this;
    const peer = client.peer;
    this.clients.push(client);
    const sync = new PeerSync(
      client,
      this.aggregator,
      {
        intervalMs: config.syncInterval * 1000,
        stream: config.peerStream,
        pollWaitMs: deps.pollWaitMs ?? 25_000,
        relays: this.relays,
        now: deps.now,
        log: deps.log.child({ component: 'peer-sync', peer: peer.name }),
        imports: config.imports,
        exports: () => this.config.exports,
      },
      (name, ok, failure) => this.peerHealth(name, ok, failure),
    );
    this.peers.set(peer.name, sync);
    if (this.started) sync.start();
  }

  private async removePeer(name: string): Promise<void> {
    const sync = this.peers.get(name);
    this.peers.delete(name);
    this.relays.forget(name);
    this.replaceClient(name, undefined);
    if (sync) {
      await sync.stop();
      this.aggregator.remove(sync.id);
    }
    this.failing.delete(name);
    this.raiseOrClear();
  }

  /** This server, the peers it hears directly, and the relays their entries declare. */
  private relayTopology(): RelayTopology {
    const peers = this.peerList(this.config);
    return {
      self: this.config.clusterName,
      direct: new Set(this.peers.keys()),
      declared: new Map(peers.filter((p) => p.relays !== undefined).map((p) => [p.name, new Set(p.relays)])),
    };
  }

  private replaceClient(name: string, client: PeerClient | undefined): void {
    const i = this.clients.findIndex((c) => c.peer.name === name);
    if (i < 0) return;
    if (client) this.clients[i] = client;
    else this.clients.splice(i, 1);
  }

  /** Lookups ask the peers in configured order. */
  private orderClients(): void {
    const order = this.config.clusters.map((p) => p.name);
    this.clients.sort((a, b) => order.indexOf(a.peer.name) - order.indexOf(b.peer.name));
  }

  private peerHealth(name: string, ok: boolean, failure?: PeerFailure): void {
    if (!this.peers.has(name)) return; // a removed peer's last report
    if (ok) this.failing.delete(name);
    else if (failure) this.failing.set(name, failure);
    this.raiseOrClear();
  }

  private raiseOrClear(): void {
    if (this.failing.size === 0) {
      this.deps.alarms.clear(AlarmIds.BackendConnectionRefuse);
      return;
    }
    const detail = [...this.failing].map(([peer, f]) => `${peer}: ${f.url}: ${f.reason}`).join('; ');
    this.deps.alarms.raise(AlarmIds.BackendConnectionRefuse, `cannot reach peer(s): ${detail}`);
  }
}

/** Whether a peer is reached the same way under two configurations (URLs, CA, login, timeout). */
function sameAccess(a: Peer, ac: ServerConfig, b: Peer, bc: ServerConfig): boolean {
  const access = (p: Peer, c: ServerConfig) =>
    JSON.stringify([p.urls, p.ca ?? c.tlsCa, p.account ?? c.peerAccount, p.passwordFile ?? c.peerPasswordFile, c.peerTimeout]);
  return access(a, ac) === access(b, bc);
}
