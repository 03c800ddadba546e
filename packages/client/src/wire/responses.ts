import * as t from 'io-ts';
import {
  Int64,
  MicroService,
  MicroServiceInstance,
  Schema,
  StringArray,
  VersionInfo,
  struct,
} from '@service-center/core';

/**
 * Response envelopes of the v4 routes the client reads, built from core's codecs and its
 * `struct` (unknown fields stripped, `null` = absent). SC omits empty lists, so every list is
 * optional. Core owns the record codecs; only the thin envelopes live here.
 */
export const ServiceIdResponse = struct('ServiceIdResponse', {}, { serviceId: t.string });
export type ServiceIdResponse = t.TypeOf<typeof ServiceIdResponse>;

export const InstanceIdResponse = struct('InstanceIdResponse', {}, { instanceId: t.string });
export type InstanceIdResponse = t.TypeOf<typeof InstanceIdResponse>;

/** Find, list instances and `/registry/health`: `{"instances": [...]}` or `{}`. */
export const InstancesResponse = struct('InstancesResponse', {}, { instances: t.array(MicroServiceInstance) });
export type InstancesResponse = t.TypeOf<typeof InstancesResponse>;

export const InstanceResponse = struct('InstanceResponse', {}, { instance: MicroServiceInstance });
export type InstanceResponse = t.TypeOf<typeof InstanceResponse>;

export const ServiceResponse = struct('ServiceResponse', {}, { service: MicroService });
export type ServiceResponse = t.TypeOf<typeof ServiceResponse>;

export const ServicesResponse = struct('ServicesResponse', {}, { services: t.array(MicroService) });
export type ServicesResponse = t.TypeOf<typeof ServicesResponse>;

export const SchemasResponse = struct('SchemasResponse', {}, { schemas: t.array(Schema) });
export type SchemasResponse = t.TypeOf<typeof SchemasResponse>;

/** `/version`: SC's fields, plus `runtime` where our server reports Node instead of Go. */
export const VersionResponse = t.intersection([VersionInfo, struct('RuntimeInfo', {}, { runtime: t.string })], 'VersionResponse');
export type VersionResponse = t.TypeOf<typeof VersionResponse>;

const ConflictKey = struct(
  'ConflictKey',
  {},
  { domain: t.string, project: t.string, environment: t.string, appId: t.string, serviceName: t.string, version: t.string },
);

/** One entry of `GET /v4/default/admin/conflicts` (our server): who disagrees, who won, why. */
export const ConflictItem = struct(
  'ConflictItem',
  { kind: t.string, clusters: StringArray, winner: t.string, reason: t.string },
  {
    key: ConflictKey,
    serviceId: t.string,
    serviceIds: StringArray,
    winnerServiceId: t.string,
    instanceId: t.string,
    services: StringArray,
    winnerService: t.string,
    fields: StringArray,
  },
);
export type ConflictItem = t.TypeOf<typeof ConflictItem>;

export const ConflictsResponse = struct('ConflictsResponse', {}, { conflicts: t.array(ConflictItem) });
export type ConflictsResponse = t.TypeOf<typeof ConflictsResponse>;

const PeerFailure = struct('PeerFailure', {}, { url: t.string, reason: t.string, at: Int64 });

const PeerStatus = struct(
  'PeerStatus',
  { name: t.string },
  {
    urls: StringArray,
    mode: t.string,
    ok: t.boolean,
    lastSuccess: Int64,
    lastError: PeerFailure,
    lag: t.number,
    syncs: Int64,
    errors: Int64,
    eventsApplied: Int64,
  },
);

const Quarantine = struct(
  'QuarantineInfo',
  {},
  { since: Int64, confirmations: Int64, needed: Int64, withdrawn: Int64, of: Int64, heldInstances: Int64 },
);

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
  },
);
export type SourceItem = t.TypeOf<typeof SourceItem>;

export const SourcesResponse = struct('SourcesResponse', {}, { sources: t.array(SourceItem) });
export type SourcesResponse = t.TypeOf<typeof SourcesResponse>;
