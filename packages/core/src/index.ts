// @service-center/core: pure rules, no I/O. Explicit named exports only.
export { SC_MESSAGES, ScCodes, isScCode, httpStatusOf } from './errors/codes';
export type { ScCode } from './errors/codes';
export { scError, isScError, errorBodyOf, statusOf } from './errors/sc-error';
export type { ScError, ScErrorBodyJson } from './errors/sc-error';

export { optional, struct, StringMap, StringArray, Int32, Int64 } from './codec/optional';
export { decodeWith, decodeJson, reportErrors } from './codec/decode';

export { MicroService, Framework, ServicePath, SERVICE_DEFAULTS, withServiceDefaults } from './model/micro-service';
export { MicroServiceKey } from './model/micro-service-key';
export {
  MicroServiceInstance,
  HealthCheck,
  DataCenterInfo,
  INSTANCE_STATUSES,
  HEARTBEAT_DEFAULTS,
  normalizeHealthCheck,
  leaseTtlSeconds,
} from './model/instance';
export type { InstanceStatus } from './model/instance';
export { Schema } from './model/schema';
export { ConsumerDependency, MicroServiceDependency } from './model/dependency';
export { HeartbeatSetElement, InstanceHbResult } from './model/heartbeat';
export { ErrorBody, ErrorCodeString } from './model/error-body';
export {
  FindService,
  FindInstance,
  BatchFindRequest,
  FindResult,
  FindFailedResult,
  BatchFindResult,
  BatchFindResponse,
} from './model/batch-find';
export { WatchAction, WatchEvent } from './model/watch-event';
export {
  dumpItem,
  ServiceItem,
  IndexItem,
  TagItem,
  DependencyRuleItem,
  SummaryItem,
  InstanceItem,
  DumpCache,
  DumpResponse,
  VersionInfo,
} from './model/dump';
export { ClustersResponse } from './model/clusters';
export {
  CreateServiceRequest,
  PropertiesRequest,
  DeleteServicesRequest,
  RegisterInstanceRequest,
  HeartbeatSetRequest,
  UpdateManyStatusRequest,
  ModifySchemaRequest,
  ModifySchemasRequest,
  AddTagsRequest,
  DependenciesRequest,
} from './model/requests';

export { ruleText, satisfies, goValueText, VERSION_REGEXP_TEXT } from './validate/rule';
export type { Rule, FieldRule, FieldKind, ObjectRules } from './validate/rule';
export * as Rules from './validate/rules';
export { validateField, validateObject, invalidFieldDetail } from './validate/validate';

export { DEFAULT_TENANT, tenantText, parseTenant, serviceKeyOf, aliasKeyOf, serviceKeyText, sameServiceKey } from './keys/service-key';
export type { ServiceKey, Tenant } from './keys/service-key';
export { KeyPrefix, etcdKey, parseEtcdKey } from './keys/etcd-key';
export type { KeyKind, ParsedKey } from './keys/etcd-key';
export { serviceIdOf, isGeneratedServiceId, isGeneratedInstanceId, instanceIdFromUuid, schemaHashOf } from './keys/ids';

export { parseVersion, isValidVersion, compareParsed, compareVersions } from './version/version';
export type { Version } from './version/version';
export { parseVersionRule, matchesVersion, selectVersions } from './version/version-rule';
export type { VersionRule, VersionRuleParse } from './version/version-rule';
