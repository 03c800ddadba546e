import * as E from 'fp-ts/Either';
import { FAILOVER_MODES, FAILOVER_SPILLS, FailoverMode, FailoverSpill, Rbac, Rules, ShareRules, parseMinHealthy } from '@service-center/core';
import { parseShareApps, parseShareList } from './share-settings';
import { Peer, parsePeerList, parsePeers } from './peers';
import { checkProperties, parseProperties } from './instance-properties';

export const REGISTRY_KINDS = ['buildin', 'etcd'] as const;
export type RegistryKind = (typeof REGISTRY_KINDS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The server's settled configuration, after file < environment < flags. */
export const AGGREGATE_SOURCES = ['servicecenter', 'k8s'] as const;
export type AggregateSource = (typeof AGGREGATE_SOURCES)[number];

export type ServerConfig = Readonly<{
  host: string;
  port: number;
  /** Open client connections allowed; one more gets a 503 SC body and is closed (0 = no limit). */
  maxConnections: number;
  /** Seconds a client has to send a request's headers (slowloris), and a TLS handshake. */
  headerTimeout: number;
  /** Seconds a client has to send a whole request. */
  requestTimeout: number;
  /** Seconds an idle keep-alive connection is kept open. */
  keepAliveTimeout: number;
  /** Open websockets (watch, heartbeat) allowed per client address; one more gets 429 (0 = no limit). */
  maxWebsocketsPerAddress: number;
  /** Service-Center's quotas: services and instances per tenant, schemas and tags per service. */
  quotaServices: number;
  quotaInstances: number;
  quotaSchemas: number;
  quotaTags: number;
  /** Tenants (domain/project pairs holding services) this server accepts; 0 = no limit. */
  maxTenants: number;
  dataDir: string;
  clusterName: string;
  registry: RegistryKind;
  /** `registry: etcd`: the etcd client URLs (several = one etcd cluster). */
  etcdEndpoints: readonly string[];
  /** `registry: etcd` over https: CA bundle (PEM) of etcd's certificate; empty = the system CAs. */
  etcdCa: string;
  /** Client certificate and key (PEM) for an etcd with `--client-cert-auth`; both or neither. */
  etcdCert: string;
  etcdKey: string;
  /** etcd user (etcd `auth enable`); its password is read from `etcdPasswordFile`, never given inline. */
  etcdUsername: string;
  etcdPasswordFile: string;
  logLevel: LogLevel;
  /** Peer servers (other clusters), Service-Center's `name=url[,url],name2=url` list. */
  clusters: readonly Peer[];
  /** Sources next to the local registry (`discovery.aggregate`). */
  aggregate: readonly AggregateSource[];
  /** Seconds between full dump pulls from each peer (SC: 30). */
  syncInterval: number;
  /** Per-request timeout towards a peer, in seconds. */
  peerTimeout: number;
  /** The most bytes read of one peer answer (a dump with about a million instances fits). */
  peerMaxBytes: number;
  /** The account this server logs in with at RBAC-enabled peers (a peer's own `account` overrides it). */
  peerAccount: string;
  /** The file holding that account's password (re-read on SIGHUP and when it changes). */
  peerPasswordFile: string;
  /** Use the low-latency change stream between our own servers (dump pull stays as fallback). */
  peerStream: boolean;
  /** What this cluster shares with its peers (empty = everything). */
  exports: ShareRules;
  /** What this cluster accepts from its peers (empty = everything); `peers` names the peers a rule is for. */
  imports: ShareRules;
  /** Find filters by `version` as Service-Center 2.0 did (2.1+ ignores it: the default). */
  findVersionRules: boolean;
  /** Seconds an unreachable peer's records stay fully served before being demoted. */
  demoteAfter: number;
  /** Seconds after which an unreachable peer's records are dropped from the merged view. */
  dropAfter: number;
  /** Share of a peer's instances withdrawn at once that triggers quarantine. */
  quarantineShare: number;
  /** Quarantine only peers with at least this many instances. */
  quarantineMin: number;
  /** Consecutive snapshots confirming a mass withdrawal before it is accepted. */
  quarantineConfirmations: number;
  /** The `k8s` source: a kubeconfig file; empty = the in-cluster service account. */
  kubeconfig: string;
  /** The `k8s` source: namespaces to watch; empty = all. */
  k8sNamespaces: readonly string[];
  /** The `k8s` source imports only Services with an MCS ServiceExport (multicluster.x-k8s.io). */
  k8sRequireServiceExport: boolean;
  /** This server's datacenter, the `dataCenterInfo` of its own SERVICECENTER instance: all three or none. */
  datacenterName: string;
  datacenterRegion: string;
  datacenterZone: string;
  /** Properties of its own SERVICECENTER instance. */
  instanceProperties: Readonly<Record<string, string>>;
  /** HTTPS listener: certificate and key files (PEM); both empty = plain HTTP. */
  tlsCert: string;
  tlsKey: string;
  /** CA bundle (PEM) for client certificates and peers; empty = system CAs only. */
  tlsCa: string;
  /** Refuse clients without a certificate signed by `tlsCa` (mTLS). */
  tlsVerifyClient: boolean;
  tlsMinVersion: TlsMinVersion;
  /** Service-Center's RBAC: tokens from `POST /v4/token` on every request outside the white list. */
  rbacEnabled: boolean;
  /** RSA key pair (PEM) signing and checking tokens; both empty = a pair kept in the data directory. */
  rbacPrivateKeyFile: string;
  rbacPublicKeyFile: string;
  /** How long a login ban lasts (ms; Service-Center's `rbac.releaseLockAfter`, 15m). */
  rbacReleaseLockAfterMs: number;
  /** The password of the `root` account created on first start (env SC_INIT_ROOT_PASSWORD only). */
  rbacInitRootPassword: string;
  /** Plain finds: `off` (Service-Center) or `local-first` (other clusters' instances while the local ones are too few). */
  failoverMode: FailoverMode;
  /** Local instances UP and fresh needed before no failover: a count (`2`) or a share of all instances (`30%`). */
  failoverMinHealthy: string;
  /** Clusters to fail over to, best first; empty = every peer, by name. */
  failoverOrder: readonly string[];
  /** `ordered`: one cluster at a time until the minimum is met; `all`: every listed cluster at once. */
  failoverSpill: FailoverSpill;
}>;

export const TLS_MIN_VERSIONS = ['TLSv1.2', 'TLSv1.3'] as const;
export type TlsMinVersion = (typeof TLS_MIN_VERSIONS)[number];

export const DEFAULT_CONFIG: ServerConfig = Object.freeze({
  host: '127.0.0.1',
  port: 30100,
  maxConnections: 10_000,
  headerTimeout: 10,
  requestTimeout: 60,
  // Longer than the usual 60 s idle timeout of clients and load balancers, so they close first.
  keepAliveTimeout: 65,
  maxWebsocketsPerAddress: 1_000,
  quotaServices: Rules.DEFAULT_QUOTAS.services,
  quotaInstances: Rules.DEFAULT_QUOTAS.instances,
  quotaSchemas: Rules.DEFAULT_QUOTAS.schemas,
  quotaTags: Rules.DEFAULT_QUOTAS.tags,
  maxTenants: 1_000,
  dataDir: './data',
  clusterName: 'default',
  registry: 'buildin',
  etcdEndpoints: ['http://127.0.0.1:2379'] as readonly string[],
  etcdCa: '',
  etcdCert: '',
  etcdKey: '',
  etcdUsername: '',
  etcdPasswordFile: '',
  logLevel: 'info',
  clusters: [],
  peerAccount: '',
  peerPasswordFile: '',
  aggregate: ['servicecenter'] as readonly AggregateSource[],
  syncInterval: 30,
  peerTimeout: 10,
  // Below V8's longest string (2^29 - 24 characters): the answer is parsed as one text.
  peerMaxBytes: 512_000_000,
  peerStream: true,
  exports: [] as ShareRules,
  imports: [] as ShareRules,
  findVersionRules: false,
  demoteAfter: 300,
  dropAfter: 1800,
  quarantineShare: 0.8,
  quarantineMin: 10,
  quarantineConfirmations: 3,
  kubeconfig: '',
  k8sNamespaces: [] as readonly string[],
  k8sRequireServiceExport: false,
  datacenterName: '',
  datacenterRegion: '',
  datacenterZone: '',
  instanceProperties: Object.freeze({}),
  tlsCert: '',
  tlsKey: '',
  tlsCa: '',
  tlsVerifyClient: false,
  tlsMinVersion: 'TLSv1.2',
  rbacEnabled: false,
  rbacPrivateKeyFile: '',
  rbacPublicKeyFile: '',
  rbacReleaseLockAfterMs: 15 * 60_000,
  rbacInitRootPassword: '',
  failoverMode: 'off',
  failoverMinHealthy: '1',
  failoverOrder: [] as readonly string[],
  failoverSpill: 'ordered',
});

type SettingParse = { ok: true; value: ServerConfig[keyof ServerConfig] } | { ok: false; reason: string };

/** One setting: its config-file key, flag, environment variable and how to read a text. */
export type Setting = Readonly<{
  key: keyof ServerConfig;
  /** Its config-file key when that is nested, `section.key` (default: `key` at the top). */
  file?: string;
  flag: string;
  env: readonly string[];
  describe: string;
  parse: (text: string) => SettingParse;
  /** How a YAML mapping is read, for settings that take one (default: a mapping is refused). */
  parseMap?: (entries: readonly (readonly [string, string])[]) => SettingParse;
  /** How a YAML list is read, for settings whose items may be mappings (default: text items joined by commas). */
  parseList?: (items: readonly unknown[]) => SettingParse;
}>;

const oneOf =
  <T extends string>(values: readonly T[]) =>
  (text: string) =>
    (values as readonly string[]).includes(text)
      ? ({ ok: true, value: text as T } as const)
      : ({ ok: false, reason: `must be one of ${values.join(', ')}` } as const);

const nonEmpty = (text: string) =>
  text.trim() !== '' ? ({ ok: true, value: text.trim() } as const) : ({ ok: false, reason: 'must not be empty' } as const);

const port = (text: string) => {
  const n = Number(text);
  return /^\d+$/.test(String(text).trim()) && n >= 0 && n <= 65535
    ? ({ ok: true, value: n } as const)
    : ({ ok: false, reason: 'must be a port number 0..65535' } as const);
};

const seconds = (min: number) => (text: string) => {
  const n = Number(text);
  return String(text).trim() !== '' && Number.isFinite(n) && n >= min
    ? ({ ok: true, value: n } as const)
    : ({ ok: false, reason: `must be a number of seconds >= ${min}` } as const);
};

const share = (text: string) => {
  const n = Number(text);
  return String(text).trim() !== '' && n > 0 && n <= 1
    ? ({ ok: true, value: n } as const)
    : ({ ok: false, reason: 'must be a share in (0, 1], e.g. 0.8' } as const);
};

/** Bytes, with an optional k, M or G suffix (powers of 1000). */
const byteCount = (text: string) => {
  const m = /^(\d+)\s*([kKmMgG]?)[bB]?$/.exec(String(text).trim());
  const n = m ? Number(m[1]) * ({ '': 1, k: 1e3, m: 1e6, g: 1e9 } as Record<string, number>)[m[2].toLowerCase()] : NaN;
  return Number.isSafeInteger(n) && n >= 1024 && n <= 536_000_000
    ? ({ ok: true, value: n } as const)
    : ({ ok: false, reason: 'must be a byte count from 1024 to 536M, like 512M or 200000000' } as const);
};

const count = (min: number) => (text: string) => {
  const n = Number(text);
  return /^\d+$/.test(String(text).trim()) && n >= min
    ? ({ ok: true, value: n } as const)
    : ({ ok: false, reason: `must be a whole number >= ${min}` } as const);
};

const bool = (text: string) => {
  const v = String(text).trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return { ok: true, value: true } as const;
  if (['false', '0', 'no', 'off'].includes(v)) return { ok: true, value: false } as const;
  return { ok: false, reason: 'must be true or false' } as const;
};

const peers = (text: string) => {
  const r = parsePeers(text);
  return r.ok ? ({ ok: true, value: r.value } as const) : r;
};

const aggregate = (text: string) => {
  const items = text
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '' && x !== 'etcd' && x !== 'buildin' && x !== 'embedded_etcd');
  const bad = items.find((x) => !(AGGREGATE_SOURCES as readonly string[]).includes(x));
  if (bad) return { ok: false, reason: `unknown source '${bad}' (known: ${AGGREGATE_SOURCES.join(', ')})` } as const;
  return { ok: true, value: [...new Set(items)] as AggregateSource[] } as const;
};

const anyText = (text: string) => ({ ok: true, value: text.trim() }) as const;

const namespaces = (text: string) => {
  const items = text.split(',').map((x) => x.trim()).filter((x) => x !== '');
  const bad = items.find((x) => !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(x));
  if (bad) return { ok: false, reason: `'${bad}' is not a Kubernetes namespace name` } as const;
  return { ok: true, value: [...new Set(items)] } as const;
};

const etcdEndpoints = (text: string) => {
  const items = text.split(',').map((x) => x.trim()).filter((x) => x !== '');
  if (items.length === 0) return { ok: false, reason: 'must list at least one etcd URL' } as const;
  const bad = items.find((x) => !/^https?:\/\/[^/\s:]+(:\d{1,5})?\/?$/.test(x) && !/^https?:\/\/\[[0-9a-fA-F:.]+\](:\d{1,5})?\/?$/.test(x));
  if (bad) return { ok: false, reason: `'${bad}' is not an etcd client URL like http://127.0.0.1:2379 or https://etcd1:2379` } as const;
  // One etcd cluster serves its clients with one scheme, and the client uses one TLS setting for all.
  if (new Set(items.map((x) => x.startsWith('https:'))).size > 1) {
    return { ok: false, reason: 'mixes http:// and https:// URLs; list the members of one etcd cluster with the scheme it serves (all https:// when it uses TLS)' } as const;
  }
  return { ok: true, value: [...new Set(items.map((x) => x.replace(/\/$/, '')))] } as const;
};

const dataCenterPart = (text: string) => {
  const v = text.trim();
  return v === '' || (v.length <= 128 && Rules.Regexps.dataCenter.test(v))
    ? ({ ok: true, value: v } as const)
    : ({ ok: false, reason: 'must be 1-128 letters, digits, _ . - (or empty)' } as const);
};

const duration = (min: string) => (text: string) => {
  const ms = Rbac.parseGoDuration(text.trim());
  const least = Rbac.parseGoDuration(min) ?? 0;
  return ms !== undefined && ms >= least
    ? ({ ok: true, value: ms } as const)
    : ({ ok: false, reason: `must be a duration of at least ${min}, like 15m or 1h` } as const);
};

const clusterName = (text: string) =>
  /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(text)
    ? ({ ok: true, value: text } as const)
    : ({ ok: false, reason: 'must be 1-64 letters, digits, _ . - (no , or =)' } as const);

const minHealthy = (text: string) => {
  const r = parseMinHealthy(text);
  return E.isRight(r) ? ({ ok: true, value: text.trim() } as const) : ({ ok: false, reason: r.left } as const);
};

const clusterList = (text: string) => {
  const items = text.split(',').map((x) => x.trim()).filter((x) => x !== '');
  const bad = items.find((x) => !clusterName(x).ok);
  if (bad) return { ok: false, reason: `'${bad}' is not a cluster name` } as const;
  return { ok: true, value: [...new Set(items)] } as const;
};

export const SETTINGS: readonly Setting[] = [
  { key: 'host', flag: 'host', env: ['SC_HOST'], describe: 'address to listen on', parse: nonEmpty },
  { key: 'port', flag: 'port', env: ['SC_PORT'], describe: 'port to listen on (0 = any free port)', parse: port },
  {
    key: 'maxConnections',
    flag: 'max-connections',
    env: ['SC_MAX_CONNECTIONS'],
    describe: 'open client connections allowed; one more is answered 503 and closed (0 = no limit)',
    parse: count(0),
  },
  { key: 'headerTimeout', flag: 'header-timeout', env: ['SC_HEADER_TIMEOUT'], describe: "seconds a client has to send a request's headers (and a TLS handshake)", parse: seconds(1) },
  { key: 'requestTimeout', flag: 'request-timeout', env: ['SC_REQUEST_TIMEOUT'], describe: 'seconds a client has to send a whole request', parse: seconds(1) },
  { key: 'keepAliveTimeout', flag: 'keep-alive-timeout', env: ['SC_KEEP_ALIVE_TIMEOUT'], describe: 'seconds an idle keep-alive connection is kept open', parse: seconds(1) },
  {
    key: 'maxWebsocketsPerAddress',
    flag: 'max-websockets-per-address',
    env: ['SC_MAX_WEBSOCKETS_PER_ADDRESS'],
    describe: 'open watch/heartbeat websockets allowed per client address; one more is answered 429 (0 = no limit)',
    parse: count(0),
  },
  { key: 'quotaServices', file: 'quota.services', flag: 'quota-services', env: ['SC_QUOTA_SERVICES'], describe: 'services per tenant', parse: count(1) },
  { key: 'quotaInstances', file: 'quota.instances', flag: 'quota-instances', env: ['SC_QUOTA_INSTANCES'], describe: 'instances per tenant', parse: count(1) },
  { key: 'quotaSchemas', file: 'quota.schemas', flag: 'quota-schemas', env: ['SC_QUOTA_SCHEMAS'], describe: 'schemas per service', parse: count(1) },
  { key: 'quotaTags', file: 'quota.tags', flag: 'quota-tags', env: ['SC_QUOTA_TAGS'], describe: 'tags per service', parse: count(1) },
  {
    key: 'maxTenants',
    flag: 'max-tenants',
    env: ['SC_MAX_TENANTS'],
    describe: 'tenants (domain/project pairs with services) accepted; a new one beyond is refused 400100 (0 = no limit)',
    parse: count(0),
  },
  { key: 'dataDir', flag: 'data-dir', env: ['SC_DATA_DIR'], describe: 'directory of the embedded store', parse: nonEmpty },
  {
    key: 'clusterName',
    flag: 'cluster-name',
    env: ['SC_CLUSTER_NAME', 'REGISTRY_ETCD_CLUSTER_NAME'],
    describe: "this server's cluster name; peers must use the same name for it",
    parse: clusterName,
  },
  { key: 'registry', flag: 'registry', env: ['SC_REGISTRY', 'REGISTRY_KIND'], describe: 'store: buildin (embedded) or etcd', parse: oneOf(REGISTRY_KINDS) },
  {
    key: 'etcdEndpoints',
    flag: 'etcd-endpoints',
    env: ['SC_ETCD_ENDPOINTS'],
    describe: 'registry etcd: client URLs of one etcd cluster, comma-separated',
    parse: etcdEndpoints,
  },
  { key: 'etcdCa', flag: 'etcd-ca', env: ['SC_ETCD_CA'], describe: "registry etcd over https: CA bundle (PEM) of etcd's certificate (empty = system CAs)", parse: anyText },
  { key: 'etcdCert', flag: 'etcd-cert', env: ['SC_ETCD_CERT'], describe: 'registry etcd over https: client certificate file (PEM), for etcd --client-cert-auth', parse: anyText },
  { key: 'etcdKey', flag: 'etcd-key', env: ['SC_ETCD_KEY'], describe: 'registry etcd over https: private key file (PEM) of --etcd-cert', parse: anyText },
  { key: 'etcdUsername', flag: 'etcd-username', env: ['SC_ETCD_USERNAME'], describe: 'registry etcd: user name, when etcd has auth enabled', parse: anyText },
  {
    key: 'etcdPasswordFile',
    flag: 'etcd-password-file',
    env: ['SC_ETCD_PASSWORD_FILE'],
    describe: 'registry etcd: file holding the password of --etcd-username',
    parse: anyText,
  },
  { key: 'logLevel', flag: 'log-level', env: ['SC_LOG_LEVEL'], describe: 'log level', parse: oneOf(LOG_LEVELS) },
  {
    key: 'clusters',
    flag: 'clusters',
    env: ['SC_CLUSTERS', 'REGISTRY_ETCD_CLUSTER_ENDPOINTS'],
    describe: 'peer servers: name=url[,url],name2=url (the local registry\'s own name must not appear)',
    parse: peers,
    parseList: (items) => {
      const r = parsePeerList(items);
      return r.ok ? ({ ok: true, value: r.value } as const) : r;
    },
  },
  {
    key: 'aggregate',
    flag: 'aggregate',
    env: ['SC_AGGREGATE', 'DISCOVERY_AGGREGATE_MODE'],
    describe: 'sources next to the local registry: servicecenter, k8s',
    parse: aggregate,
  },
  { key: 'syncInterval', flag: 'sync-interval', env: ['SC_SYNC_INTERVAL'], describe: 'seconds between full pulls from each peer', parse: seconds(1) },
  { key: 'peerTimeout', flag: 'peer-timeout', env: ['SC_PEER_TIMEOUT'], describe: 'seconds before a peer request times out', parse: seconds(0.1) },
  {
    key: 'peerMaxBytes',
    flag: 'peer-max-bytes',
    env: ['SC_PEER_MAX_BYTES'],
    describe: 'most bytes read of one peer answer; a larger one is a failed sync (stale, alarm)',
    parse: byteCount,
  },
  { key: 'peerAccount', flag: 'peer-account', env: ['SC_PEER_ACCOUNT'], describe: 'account this server logs in with at RBAC-enabled peers', parse: anyText },
  {
    key: 'peerPasswordFile',
    flag: 'peer-password-file',
    env: ['SC_PEER_PASSWORD_FILE'],
    describe: 'file holding the --peer-account password (re-read on SIGHUP and on change)',
    parse: anyText,
  },
  {
    key: 'exports',
    flag: 'export-apps',
    env: ['SC_EXPORT_APPS'],
    describe: 'apps shared with peers, comma-separated (YAML exports: [{appId, environment, serviceName, peers}]; empty = all)',
    parse: parseShareApps,
    parseList: parseShareList,
  },
  {
    key: 'imports',
    flag: 'import-apps',
    env: ['SC_IMPORT_APPS'],
    describe: 'apps accepted from peers, comma-separated (YAML imports: [{appId, environment, serviceName, peers}]; empty = all)',
    parse: parseShareApps,
    parseList: parseShareList,
  },
  { key: 'peerStream', flag: 'peer-stream', env: ['SC_PEER_STREAM'], describe: 'use the change stream between our servers', parse: bool },
  {
    key: 'findVersionRules',
    flag: 'find-version-rules',
    env: ['SC_FIND_VERSION_RULES'],
    describe: "find filters by version rules as Service-Center 2.0 did (default: version is ignored, as in 2.1+)",
    parse: bool,
  },
  { key: 'demoteAfter', flag: 'demote-after', env: ['SC_DEMOTE_AFTER'], describe: "seconds before an unreachable peer's records are demoted", parse: seconds(0) },
  { key: 'dropAfter', flag: 'drop-after', env: ['SC_DROP_AFTER'], describe: "seconds before an unreachable peer's records are dropped", parse: seconds(0) },
  { key: 'quarantineShare', flag: 'quarantine-share', env: ['SC_QUARANTINE_SHARE'], describe: 'share of withdrawn instances that quarantines a peer', parse: share },
  { key: 'quarantineMin', flag: 'quarantine-min', env: ['SC_QUARANTINE_MIN'], describe: 'quarantine only peers with at least this many instances', parse: count(1) },
  {
    key: 'quarantineConfirmations',
    flag: 'quarantine-confirmations',
    env: ['SC_QUARANTINE_CONFIRMATIONS'],
    describe: 'snapshots confirming a mass withdrawal before it is accepted',
    parse: count(1),
  },
  { key: 'kubeconfig', flag: 'kubeconfig', env: ['KUBERNETES_CONFIG_PATH'], describe: 'k8s source: kubeconfig file (empty = in-cluster)', parse: anyText },
  { key: 'k8sNamespaces', flag: 'k8s-namespace', env: ['KUBERNETES_NAMESPACE'], describe: 'k8s source: namespaces to watch, comma-separated (empty = all)', parse: namespaces },
  {
    key: 'k8sRequireServiceExport',
    flag: 'k8s-require-service-export',
    env: ['SC_K8S_REQUIRE_SERVICE_EXPORT'],
    describe: 'k8s source: import only Services with an MCS ServiceExport',
    parse: bool,
  },
  {
    key: 'datacenterName',
    file: 'datacenter.name',
    flag: 'datacenter-name',
    env: ['SC_DATACENTER_NAME'],
    describe: "datacenter name in this server's own instance (set with region and zone)",
    parse: dataCenterPart,
  },
  {
    key: 'datacenterRegion',
    file: 'datacenter.region',
    flag: 'datacenter-region',
    env: ['SC_DATACENTER_REGION'],
    describe: "region in this server's own instance, for clients preferring a nearby server",
    parse: dataCenterPart,
  },
  {
    key: 'datacenterZone',
    file: 'datacenter.availableZone',
    flag: 'datacenter-zone',
    env: ['SC_DATACENTER_ZONE'],
    describe: "availability zone in this server's own instance, for clients preferring a same-zone server",
    parse: dataCenterPart,
  },
  {
    key: 'instanceProperties',
    flag: 'instance-properties',
    env: ['SC_INSTANCE_PROPERTIES'],
    describe: "properties of this server's own instance: k=v,k2=v2",
    parse: parseProperties,
    parseMap: checkProperties,
  },
  { key: 'tlsCert', file: 'tls.cert', flag: 'tls-cert', env: ['SC_TLS_CERT'], describe: 'HTTPS: certificate file (PEM, chain after it)', parse: anyText },
  { key: 'tlsKey', file: 'tls.key', flag: 'tls-key', env: ['SC_TLS_KEY'], describe: 'HTTPS: private key file (PEM) of --tls-cert', parse: anyText },
  { key: 'tlsCa', file: 'tls.ca', flag: 'tls-ca', env: ['SC_TLS_CA'], describe: 'CA bundle (PEM) trusted for clients and peers, next to the system CAs', parse: anyText },
  {
    key: 'tlsVerifyClient',
    file: 'tls.verifyClient',
    flag: 'tls-verify-client',
    env: ['SC_TLS_VERIFY_CLIENT'],
    describe: 'HTTPS: refuse clients without a certificate signed by --tls-ca (mTLS)',
    parse: bool,
  },
  { key: 'tlsMinVersion', file: 'tls.minVersion', flag: 'tls-min-version', env: ['SC_TLS_MIN_VERSION'], describe: 'HTTPS: lowest TLS version', parse: oneOf(TLS_MIN_VERSIONS) },
  { key: 'rbacEnabled', file: 'rbac.enable', flag: 'rbac', env: ['SC_RBAC_ENABLED'], describe: 'RBAC: require a token from POST /v4/token (Service-Center 2.x)', parse: bool },
  {
    key: 'rbacPrivateKeyFile',
    file: 'rbac.privateKeyFile',
    flag: 'rbac-private-key',
    env: ['SC_RBAC_PRIVATE_KEY_FILE'],
    describe: 'RBAC: RSA private key (PEM) signing tokens (empty = a pair generated into the data directory)',
    parse: anyText,
  },
  {
    key: 'rbacPublicKeyFile',
    file: 'rbac.publicKeyFile',
    flag: 'rbac-public-key',
    env: ['SC_RBAC_PUBLIC_KEY_FILE'],
    describe: 'RBAC: RSA public key (PEM) of --rbac-private-key, checking tokens',
    parse: anyText,
  },
  {
    key: 'rbacReleaseLockAfterMs',
    file: 'rbac.releaseLockAfter',
    flag: 'rbac-release-lock-after',
    env: ['SC_RBAC_RELEASE_LOCK_AFTER'],
    describe: 'RBAC: how long an account stays blocked after repeated failed logins from one address',
    parse: duration('1s'),
  },
  {
    key: 'failoverMode',
    file: 'failover.mode',
    flag: 'failover',
    env: ['SC_FAILOVER'],
    describe: "plain finds: off (local instances only) or local-first (add other clusters' instances while too few local ones are UP)",
    parse: oneOf(FAILOVER_MODES),
  },
  {
    key: 'failoverMinHealthy',
    file: 'failover.minHealthy',
    flag: 'failover-min-healthy',
    env: ['SC_FAILOVER_MIN_HEALTHY'],
    describe: "failover: local instances UP and fresh below which other clusters' are added: N, or P% of the service's instances everywhere",
    parse: minHealthy,
  },
  {
    key: 'failoverOrder',
    file: 'failover.order',
    flag: 'failover-order',
    env: ['SC_FAILOVER_ORDER'],
    describe: 'failover: clusters to add, best first, comma-separated (empty = every peer, by name)',
    parse: clusterList,
  },
  {
    key: 'failoverSpill',
    file: 'failover.spill',
    flag: 'failover-spill',
    env: ['SC_FAILOVER_SPILL'],
    describe: 'failover: ordered (one cluster at a time until the minimum is met) or all (every cluster at once)',
    parse: oneOf(FAILOVER_SPILLS),
  },
];
