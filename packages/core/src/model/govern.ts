import * as t from 'io-ts';
import { Int64, StringArray, StringMap, struct } from '../codec/optional';
import { MicroService } from './micro-service';
import { MicroServiceInstance } from './instance';
import { Schema } from './schema';

/**
 * Answers of the console (govern) routes, `/v4/{project}/govern/*`. Go omits empty lists,
 * maps and zero counts there, so those fields are optional; the relation graph alone
 * serializes every field (its Go types have no omitempty).
 */

export const ServiceCounts = struct('StService', {}, { count: Int64, onlineCount: Int64 });
export const InstanceCounts = struct('StInstance', {}, { count: Int64, countByDomain: Int64 });
export const AppCounts = struct('StApp', {}, { count: Int64 });

export const GovernStatistics = struct('Statistics', {}, { services: ServiceCounts, instances: InstanceCounts, apps: AppCounts });
export type GovernStatistics = t.TypeOf<typeof GovernStatistics>;

/** The extension field of a global answer: the clusters a service's records came from. */
export const ORIGIN_CLUSTERS_FIELD = 'x-sc-origin-clusters';

export const ServiceDetail = struct(
  'ServiceDetail',
  {},
  {
    microService: MicroService,
    instances: t.array(MicroServiceInstance),
    schemaInfos: t.array(Schema),
    providers: t.array(MicroService),
    consumers: t.array(MicroService),
    tags: StringMap,
    microServiceVersions: StringArray,
    /** With `countOnly=1`: the instance count instead of the instances. */
    statics: GovernStatistics,
    [ORIGIN_CLUSTERS_FIELD]: StringArray,
  },
);
export type ServiceDetail = t.TypeOf<typeof ServiceDetail>;

/** `GET …/govern/microservices`. */
export const GovernServicesResponse = struct('GetServicesInfoResponse', {}, { allServicesDetail: t.array(ServiceDetail), statistics: GovernStatistics });
export type GovernServicesResponse = t.TypeOf<typeof GovernServicesResponse>;

/** `GET …/govern/microservices/{serviceId}`. */
export const GovernServiceResponse = struct('GetServiceDetailResponse', {}, { service: ServiceDetail });
export type GovernServiceResponse = t.TypeOf<typeof GovernServiceResponse>;

/** `GET …/govern/statistics`. */
export const StatisticsResponse = struct('GetServicesInfoStatisticsResponse', {}, { statistics: GovernStatistics });
export type StatisticsResponse = t.TypeOf<typeof StatisticsResponse>;

/** `GET …/govern/apps`: `{}` when there is none. */
export const AppsResponse = struct('GetAppsResponse', {}, { appIds: StringArray });
export type AppsResponse = t.TypeOf<typeof AppsResponse>;

export const RelationNode = t.type(
  { id: t.string, name: t.string, appId: t.string, version: t.string, type: t.string, color: t.string, position: t.string },
  'Node',
);
export type RelationNode = t.TypeOf<typeof RelationNode>;

export const RelationLine = t.type({ from: RelationNode, to: RelationNode, type: t.string, color: t.string, descriptor: t.string }, 'Line');
export type RelationLine = t.TypeOf<typeof RelationLine>;

/** `GET …/govern/relations`: Go's nil slices are `null`; circles are never computed. */
export const RelationGraph = t.type(
  { nodes: t.union([t.array(RelationNode), t.null]), lines: t.union([t.array(RelationLine), t.null]), circles: t.null },
  'Graph',
);
export type RelationGraph = t.TypeOf<typeof RelationGraph>;
