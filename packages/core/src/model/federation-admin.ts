import * as t from 'io-ts';
import { Int64, struct } from '../codec/optional';
import { ShareRule } from '../share/share-rule';

/** Lists the server hands out as it holds them (read-only). */
const Strings = t.readonlyArray(t.string, 'Strings');

// The answers of our own admin routes: what the merged view adds to Service-Center's API.

const ConflictKey = struct(
  'ConflictKey',
  {},
  { domain: t.string, project: t.string, environment: t.string, appId: t.string, serviceName: t.string, version: t.string },
);

/** One entry of `GET /v4/default/admin/conflicts` (our server): who disagrees, who won, why. */
export const ConflictItem = struct(
  'ConflictItem',
  { kind: t.string, clusters: Strings, winner: t.string, reason: t.string },
  {
    key: ConflictKey,
    serviceId: t.string,
    serviceIds: Strings,
    winnerServiceId: t.string,
    instanceId: t.string,
    services: Strings,
    winnerService: t.string,
    fields: Strings,
  },
);
export type ConflictItem = t.TypeOf<typeof ConflictItem>;

export const ConflictsResponse = struct('ConflictsResponse', {}, { conflicts: t.readonlyArray(ConflictItem) });
export type ConflictsResponse = t.TypeOf<typeof ConflictsResponse>;

/** Why the last call to a peer failed: the replica's URL and what went wrong. */
export const PeerFailure = struct('PeerFailure', { url: t.string, reason: t.string }, {});
export type PeerFailure = t.TypeOf<typeof PeerFailure>;

/**
 * Our login at an RBAC-enabled peer: `accepted` (we hold a token), `refused` (the peer turned
 * our credentials down; retried later, not in a loop), `not-required` (the peer has no RBAC),
 * `pending` (not logged in yet). Absent when no account is configured for the peer.
 */
export const PeerLoginState = t.keyof({ accepted: null, refused: null, 'not-required': null, pending: null }, 'PeerLoginState');
export type PeerLoginState = t.TypeOf<typeof PeerLoginState>;

/** One peer's sync loop, as `/admin/sources` shows it. */
export const PeerStatus = struct(
  'PeerStatus',
  { name: t.string },
  {
    urls: Strings,
    mode: t.keyof({ stream: null, pull: null }),
    ok: t.boolean,
    lastSuccess: Int64,
    lastError: PeerFailure,
    lag: t.number,
    syncs: Int64,
    errors: Int64,
    eventsApplied: Int64,
    login: PeerLoginState,
    /** What we export to this peer (absent: everything). */
    exports: t.readonlyArray(ShareRule),
    /** What we accept from this peer (absent: everything). */
    imports: t.readonlyArray(ShareRule),
    /** The other clusters this peer sends records of, and whether the relay rule lets them in. */
    relays: t.readonlyArray(struct('RelayItem', { cluster: t.string, accepted: t.boolean, reason: t.string }, {})),
  },
);

export type PeerStatus = t.TypeOf<typeof PeerStatus>;

const Quarantine = struct(
  'QuarantineInfo',
  {},
  { since: Int64, confirmations: Int64, needed: Int64, withdrawn: Int64, of: Int64, heldInstances: Int64 },
);

/** One kind the Kubernetes source lists and watches (Services, Endpoints, Pods, Nodes). */
export const K8sKindStatus = struct(
  'K8sKindStatus',
  { what: t.string },
  {
    synced: t.boolean,
    ok: t.boolean,
    revision: t.string,
    objects: Int64,
    lists: Int64,
    watches: Int64,
    events: Int64,
    expired: Int64,
    failures: Int64,
    lastError: t.string,
    lastErrorAt: Int64,
  },
);
export type K8sKindStatus = t.TypeOf<typeof K8sKindStatus>;

/** The Kubernetes source's connection and per-kind state, as `/admin/sources` shows it. */
export const K8sStatus = struct(
  'K8sStatus',
  {},
  {
    connected: t.boolean,
    synced: t.boolean,
    ok: t.boolean,
    endpoints: t.keyof({ endpoints: null, endpointslices: null }),
    requireServiceExport: t.boolean,
    lastError: t.string,
    lastErrorAt: Int64,
    kinds: t.readonlyArray(K8sKindStatus),
  },
);
export type K8sStatus = t.TypeOf<typeof K8sStatus>;

/** One entry of `GET /v4/default/admin/sources` (our server): a source of the merged view. */
export const SourceItem = struct(
  'SourceItem',
  { source: t.string },
  {
    cluster: t.string,
    kind: t.string,
    health: struct('SourceHealth', {}, { status: t.string, lastConfirmed: Int64 }),
    status: t.string,
    quarantined: t.boolean,
    quarantine: Quarantine,
    services: Int64,
    instances: Int64,
    lastConfirmed: t.string,
    peer: PeerStatus,
    k8s: K8sStatus,
  },
);
export type SourceItem = t.TypeOf<typeof SourceItem>;

export const SourcesResponse = struct('SourcesResponse', {}, { sources: t.readonlyArray(SourceItem) });
export type SourcesResponse = t.TypeOf<typeof SourcesResponse>;

/** `POST /v4/default/admin/reload`: what the re-read configuration changed, and what it could not. */
export const ReloadResponse = struct(
  'ReloadResponse',
  { changed: Strings },
  {
    /** Settings that differ but only take effect at a restart (kept as they were). */
    kept: Strings,
  },
);
export type ReloadResponse = t.TypeOf<typeof ReloadResponse>;
