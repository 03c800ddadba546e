import { FieldRule, ObjectRules, Rule } from './rule';

/** SC's field rules (v2.2.0 server/service/validator/*.go) as data. */

const INT32_MAX = 2147483647;

export const Regexps = {
  serviceId: /^\S*$/,
  name: /^[a-zA-Z0-9]*$|^[a-zA-Z0-9][a-zA-Z0-9_\-.]*[a-zA-Z0-9]$/,
  aliasableName: /^[a-zA-Z0-9]*$|^[a-zA-Z0-9][a-zA-Z0-9_\-.:]*[a-zA-Z0-9]$/,
  environment: /^(development|testing|acceptance|production)*$/,
  level: /^(FRONT|MIDDLE|BACK)$/,
  serviceStatus: /^(UP|DOWN)?$/,
  schemaIdInService: /^[a-zA-Z0-9]{1,160}$|^[a-zA-Z0-9][a-zA-Z0-9_\-.]{0,158}[a-zA-Z0-9]$/,
  schemaId: /^[a-zA-Z0-9]+$|^[a-zA-Z0-9][a-zA-Z0-9_\-.]*[a-zA-Z0-9]$/,
  path: /^[A-Za-z0-9.,?'\\/+&amp;%$#=~_\-@{}]*$/,
  alias: /^[a-zA-Z0-9_\-.:]*$/,
  registerBy: /^(SDK|SIDECAR|PLATFORM)*$/,
  instanceId: /^[A-Za-z0-9_.-]*$/,
  nonSpace: /\S+/,
  instanceStatus: /^(UP|DOWN|STARTING|TESTING|OUTOFSERVICE)?$/,
  instanceStatusRequired: /^(UP|DOWN|STARTING|TESTING|OUTOFSERVICE)$/,
  healthCheckMode: /^(push|pull)$/,
  dataCenter: /^[A-Za-z0-9_.-]+$/,
  tag: /^[a-zA-Z][a-zA-Z0-9_\-.]{0,63}$/,
  summary: /^[a-zA-Z0-9]*$/,
} as const;

/**
 * Per-tenant caps, Service-Center's `quota.cap.*.limit` (services and instances per tenant,
 * schemas and tags per service); the schema and tag caps also bound the request validators.
 */
export type Quotas = Readonly<{ services: number; instances: number; schemas: number; tags: number }>;

/** Service-Center's defaults. */
export const DEFAULT_QUOTAS: Quotas = Object.freeze({ services: 50000, instances: 150000, schemas: 100, tags: 100 });

const str = (field: string, goName: string, rule: Rule): FieldRule => ({ field, goName, kind: 'string', rule });
const arr = (field: string, goName: string, rule: Rule): FieldRule => ({ field, goName, kind: 'array', rule });
const map = (field: string, goName: string, rule: Rule): FieldRule => ({ field, goName, kind: 'map', rule });
const int = (field: string, goName: string, rule: Rule): FieldRule => ({ field, goName, kind: 'int', rule });

export const FrameworkRules: ObjectRules = {
  goType: 'FrameWork',
  fields: [str('name', 'Name', { max: 64, regexp: Regexps.name }), str('version', 'Version', { max: 64 })],
};

export const ServicePathRules: ObjectRules = {
  goType: 'ServicePath',
  fields: [str('path', 'Path', { regexp: Regexps.path })],
};

/** Register service (field order = Go struct order, as SC checks them). */
export const createServiceRules = (quotas: Quotas): ObjectRules => ({
  goType: 'MicroService',
  fields: [
    str('serviceId', 'ServiceId', { max: 64, regexp: Regexps.serviceId }),
    str('appId', 'AppId', { max: 160, regexp: Regexps.name }),
    str('serviceName', 'ServiceName', { min: 1, max: 128, regexp: Regexps.name }),
    str('version', 'Version', { max: 64, version: true }),
    str('description', 'Description', { max: 256 }),
    str('level', 'Level', { regexp: Regexps.level }),
    arr('schemas', 'Schemas', { max: quotas.schemas, regexp: Regexps.schemaIdInService }),
    str('status', 'Status', { regexp: Regexps.serviceStatus }),
    str('alias', 'Alias', { max: 128, regexp: Regexps.alias }),
    str('environment', 'Environment', { regexp: Regexps.environment }),
    str('registerBy', 'RegisterBy', { max: 64, regexp: Regexps.registerBy }),
  ],
  nested: [
    { field: 'paths', rules: ServicePathRules, array: true },
    { field: 'framework', rules: FrameworkRules },
  ],
});

export const HealthCheckRules: ObjectRules = {
  goType: 'HealthCheck',
  fields: [
    str('mode', 'Mode', { regexp: Regexps.healthCheckMode }),
    int('port', 'Port', { max: 65535 }),
    int('interval', 'Interval', { min: 1, max: INT32_MAX }),
    int('times', 'Times', { max: INT32_MAX }),
    str('url', 'Url', { regexp: Regexps.serviceId }),
  ],
};

export const DataCenterInfoRules: ObjectRules = {
  goType: 'DataCenterInfo',
  fields: [
    str('name', 'Name', { min: 1, max: 128, regexp: Regexps.dataCenter }),
    str('region', 'Region', { min: 1, max: 128, regexp: Regexps.dataCenter }),
    str('availableZone', 'AvailableZone', { min: 1, max: 128, regexp: Regexps.dataCenter }),
  ],
};

/** Register instance. */
export const RegisterInstanceRules: ObjectRules = {
  goType: 'MicroServiceInstance',
  fields: [
    str('instanceId', 'InstanceId', { max: 64, regexp: Regexps.instanceId }),
    str('serviceId', 'ServiceId', { min: 1, max: 64, regexp: Regexps.serviceId }),
    arr('endpoints', 'Endpoints', { regexp: Regexps.nonSpace }),
    str('hostName', 'HostName', { min: 1, max: 64, regexp: Regexps.nonSpace }),
    str('status', 'Status', { regexp: Regexps.instanceStatus }),
  ],
  nested: [
    { field: 'healthCheck', rules: HealthCheckRules },
    { field: 'dataCenterInfo', rules: DataCenterInfoRules },
  ],
};

/** A service id in a path (get/delete/update/tags/schemas/instances). */
export const ServiceIdRule: FieldRule = str('serviceId', 'ServiceId', { min: 1, max: 64, regexp: Regexps.serviceId });
/** An instance id in a path (heartbeat, unregister, get). */
export const InstanceIdRule: FieldRule = str('instanceId', 'InstanceId', { min: 1, max: 64, regexp: Regexps.instanceId });
export const BatchServiceIdRule: FieldRule = str('serviceIds', 'ServiceIds', { regexp: /^\S{1,64}$/ });
export const StatusValueRule: FieldRule = str('value', 'Status', { regexp: Regexps.instanceStatusRequired });
export const ConsumerIdRule: FieldRule = str('consumerServiceId', 'ConsumerServiceId', { max: 64, regexp: Regexps.serviceId });

/** `GET /registry/existence?type=microservice`. */
export const ExistenceRules: ObjectRules = {
  goType: 'GetExistenceRequest',
  fields: [
    str('environment', 'Environment', { regexp: Regexps.environment }),
    str('appId', 'AppId', { min: 1, max: 160, regexp: Regexps.name }),
    str('serviceName', 'ServiceName', { min: 1, max: 289, regexp: Regexps.aliasableName }),
    str('version', 'Version', { min: 1, max: 64, version: true }),
  ],
};

/** `GET /registry/instances` (find). */
export const FindRules: ObjectRules = {
  goType: 'FindInstancesRequest',
  fields: [
    str('consumerServiceId', 'ConsumerServiceId', { max: 64, regexp: Regexps.serviceId }),
    str('environment', 'Environment', { regexp: Regexps.environment }),
    str('appId', 'AppId', { min: 1, max: 160, regexp: Regexps.name }),
    str('serviceName', 'ServiceName', { min: 1, max: 289, regexp: Regexps.aliasableName }),
    arr('tags', 'Tags', { regexp: Regexps.tag }),
  ],
};

/** `GET /govern/apps`. */
export const GetAppsRules: ObjectRules = {
  goType: 'GetAppsRequest',
  fields: [str('environment', 'Environment', { regexp: Regexps.environment })],
};

export const TagKeyRule: FieldRule = str('key', 'Key', { regexp: Regexps.tag });
export const TagValueRule: FieldRule = str('value', 'Value', { regexp: Regexps.tag });
export const addTagsRule = (quotas: Quotas): FieldRule => map('tags', 'Tags', { max: quotas.tags, regexp: Regexps.tag });
export const deleteTagsRule = (quotas: Quotas): FieldRule => arr('keys', 'Keys', { min: 1, max: quotas.tags, regexp: Regexps.tag });
/** `POST …/schemas`: how many schemas one request may set. */
export const schemasCountRule = (quotas: Quotas): FieldRule => arr('schemas', 'Schemas', { min: 1, max: quotas.schemas });

/** The rules bounded by quotas, with Service-Center's default quotas. */
export const CreateServiceRules: ObjectRules = createServiceRules(DEFAULT_QUOTAS);
export const AddTagsRule: FieldRule = addTagsRule(DEFAULT_QUOTAS);
export const DeleteTagsRule: FieldRule = deleteTagsRule(DEFAULT_QUOTAS);

export const SchemaIdRule: FieldRule = str('schemaId', 'SchemaId', { min: 1, max: 160, regexp: Regexps.schemaId });

/** `PUT …/schemas/{schemaId}`. */
export const ModifySchemaRules: ObjectRules = {
  goType: 'ModifySchemaRequest',
  fields: [
    str('schemaId', 'SchemaId', { min: 1, max: 160, regexp: Regexps.schemaId }),
    str('summary', 'Summary', { max: 128, regexp: Regexps.summary }),
    str('schema', 'Schema', { min: 1 }),
  ],
};

/** One item of `POST …/schemas`: summary is required there. */
export const SchemaItemRules: ObjectRules = {
  goType: 'Schema',
  fields: [
    str('schemaId', 'SchemaId', { min: 1, max: 160, regexp: Regexps.schemaId }),
    str('summary', 'Summary', { min: 1, max: 128, regexp: Regexps.summary }),
    str('schema', 'Schema', { min: 1 }),
  ],
};

/** A dependency's consumer key (exact version). */
export const DependencyConsumerRules: ObjectRules = {
  goType: 'MicroServiceKey',
  fields: [
    str('environment', 'Environment', { regexp: Regexps.environment }),
    str('appId', 'AppId', { min: 1, max: 160, regexp: Regexps.name }),
    str('serviceName', 'ServiceName', { min: 1, max: 128, regexp: Regexps.name }),
    str('version', 'Version', { min: 1, max: 64, version: true }),
  ],
};

/** A dependency's provider key (version: empty or a version rule; SC forces 0.0.0+ afterwards). */
export const DependencyProviderRules: ObjectRules = {
  goType: 'MicroServiceKey',
  fields: [
    str('environment', 'Environment', { regexp: Regexps.environment }),
    str('appId', 'AppId', { max: 160, regexp: Regexps.name }),
    str('serviceName', 'ServiceName', { min: 1, max: 128, regexp: Regexps.name }),
    str('version', 'Version', { max: 128, versionRule: true }),
  ],
};
