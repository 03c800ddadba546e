import * as t from 'io-ts';
import { struct } from '../codec/optional';
import { MicroService } from './micro-service';
import { MicroServiceInstance } from './instance';
import { Schema } from './schema';
import { VersionInfo } from './dump';

/**
 * Answer envelopes of the v4 registry routes (unknown fields stripped, `null` = absent). SC
 * omits empty lists, so every list is optional.
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
