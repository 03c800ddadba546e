import * as t from 'io-ts';
import { StringArray, StringMap, struct } from '../codec/optional';
import { MicroService } from './micro-service';
import { MicroServiceInstance } from './instance';
import { Schema } from './schema';
import { ConsumerDependency } from './dependency';
import { HeartbeatSetElement } from './heartbeat';

/** Request bodies of the v4 write routes; every field optional so the validator can name it. */
export const CreateServiceRequest = struct(
  'CreateServiceRequest',
  {},
  { service: MicroService, tags: StringMap, instances: t.array(MicroServiceInstance) },
);
export type CreateServiceRequest = t.TypeOf<typeof CreateServiceRequest>;

export const PropertiesRequest = struct('PropertiesRequest', {}, { properties: StringMap });
export type PropertiesRequest = t.TypeOf<typeof PropertiesRequest>;

export const DeleteServicesRequest = struct('DeleteServicesRequest', {}, { serviceIds: StringArray, force: t.boolean });
export type DeleteServicesRequest = t.TypeOf<typeof DeleteServicesRequest>;

export const RegisterInstanceRequest = struct('RegisterInstanceRequest', {}, { instance: MicroServiceInstance });
export type RegisterInstanceRequest = t.TypeOf<typeof RegisterInstanceRequest>;

export const HeartbeatSetRequest = struct('HeartbeatSetRequest', {}, { instances: t.array(HeartbeatSetElement) });
export type HeartbeatSetRequest = t.TypeOf<typeof HeartbeatSetRequest>;

export const UpdateManyStatusRequest = struct(
  'UpdateManyStatusRequest',
  {},
  { matches: struct('InstanceMatches', {}, { properties: StringMap }), status: t.string },
);
export type UpdateManyStatusRequest = t.TypeOf<typeof UpdateManyStatusRequest>;

export const ModifySchemaRequest = struct('ModifySchemaRequest', {}, { schema: t.string, summary: t.string });
export type ModifySchemaRequest = t.TypeOf<typeof ModifySchemaRequest>;

export const ModifySchemasRequest = struct('ModifySchemasRequest', {}, { schemas: t.array(Schema) });
export type ModifySchemasRequest = t.TypeOf<typeof ModifySchemasRequest>;

export const AddTagsRequest = struct('AddTagsRequest', {}, { tags: StringMap });
export type AddTagsRequest = t.TypeOf<typeof AddTagsRequest>;

export const DependenciesRequest = struct('DependenciesRequest', {}, { dependencies: t.array(ConsumerDependency) });
export type DependenciesRequest = t.TypeOf<typeof DependenciesRequest>;
