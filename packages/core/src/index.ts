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
export { SyncerHealthResponse, SyncerPeer, SyncerPeerStatus } from './model/syncer-health';
export { StreamAction, ChangeEvent, ChangesResponse } from './model/change-stream';
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
export { StoredValue, keyScope } from './keys/tables';
export type { StoredValueOf } from './keys/tables';
export { serviceIdOf, isGeneratedServiceId, isGeneratedInstanceId, instanceIdFromUuid, schemaHashOf } from './keys/ids';

export { parseVersion, isValidVersion, compareParsed, compareVersions } from './version/version';
export type { Version } from './version/version';
export { parseVersionRule, parseFindVersionRule, matchesVersion, selectVersions } from './version/version-rule';
export type { VersionRule, VersionRuleParse } from './version/version-rule';

// --- aggregate + query: the merged view of all sources (rules in aggregate/README.md) ---
export { mergePolicy, DEFAULT_POLICY } from './aggregate/policy';
export type { MergePolicy } from './aggregate/policy';
export { sourceOf, sourceSteps, emptySource, sourceRecords, refOf, sourceKeyOf } from './aggregate/snapshot';
export type {
  Source,
  SourceInput,
  SourceId,
  SourceKind,
  SourceHealth,
  Slot,
  RecordMeta,
  ServiceRecord,
  InstanceRecord,
  TagsRecord,
  SummaryRecord,
} from './aggregate/snapshot';
export { stateOf, isSourceState, freshnessOf } from './aggregate/source-state';
export type { SourceState, Quarantine, Freshness, SourceStatus } from './aggregate/source-state';
export { admit, release, withdrawnCount } from './aggregate/quarantine';
export { merge, emptyView } from './aggregate/merge';
export type { MergeResult } from './aggregate/merge';
export { applyChange, applyChanges, applyChangesSteps, editSource } from './aggregate/apply-change';
export type { SourceChange, RecordChange } from './aggregate/apply-change';
export { diff } from './aggregate/diff';
export type { ViewEvent, ChangeAction } from './aggregate/diff';
export { changeEventsOf, changeEventSlices } from './aggregate/change-events';
export type { StreamEvent } from './aggregate/change-events';
export { compareConflicts } from './aggregate/conflict';
export type {
  Conflict,
  ConflictKind,
  ServiceIdConflict,
  DefinitionConflict,
  AliasConflict,
  InstanceConflict,
} from './aggregate/conflict';
export { compareContenders, creationTime } from './aggregate/winner';
export type { Contender } from './aggregate/winner';
export { sourceStatesOf } from './aggregate/source-report';
export type { SourceReport } from './aggregate/source-report';
export { relayVerdict } from './aggregate/relay-rule';
export type { RelayTopology, RelayVerdict } from './aggregate/relay-rule';
export { serviceEntryOf, instanceEntryOf, serviceEntriesById, serviceEntries, conflictsOf, sourceStateOf } from './aggregate/view';
export type {
  View,
  ServiceEntry,
  ServiceScope,
  DefinitionEntry,
  InstanceEntry,
  RecordFlags,
  Contributor,
  AliasClaim,
  AliasIndexEntry,
} from './aggregate/view';
export {
  findInstances,
  listProviderInstances,
  getProviderInstance,
  instanceNotExists,
  isAccessible,
  isGlobalKey,
  hasAllTags,
  tagKeysOf,
  SC_22_FIND,
} from './query/discovery';
export type { FindRequest, FindPolicy, FindAnswer, ProviderRequest, InstancesAnswer, InstanceAnswer } from './query/discovery';
export type { RegistryReads, ReadService, ReadInstance, InstanceRead } from './query/reads';
export { viewReads, annotated, servedInstances } from './query/view-reads';
export { revisionOf } from './query/revision';
export {
  GovernStatistics,
  ServiceDetail,
  GovernServicesResponse,
  GovernServiceResponse,
  StatisticsResponse,
  AppsResponse,
  RelationNode,
  RelationLine,
  RelationGraph,
  ORIGIN_CLUSTERS_FIELD,
} from './model/govern';
export { DETAIL_OPTIONS, governOptions, countOnlyOf, propertyFilterOf, matchesGovernFilter, appIdsOf } from './query/govern-options';
export type { DetailOption, GovernOptions, GovernFilter } from './query/govern-options';
export { governStatistics } from './query/govern-statistics';
export { relationGraph } from './query/relations';
export { serviceOverview, serviceDetailOf } from './query/govern-detail';
export type { OverviewOptions } from './query/govern-detail';
export { FAILOVER_MODES, FAILOVER_SPILLS, FAILOVER_OFF, parseMinHealthy, minHealthyText, selectFailover } from './query/failover';
export type { FailoverMode, FailoverSpill, MinHealthy, FailoverPolicy, FailoverCandidate, FailoverSelection } from './query/failover';
export { failoverAnswer, failoverReads } from './query/failover-reads';
export type { FailoverAnswer } from './query/failover-reads';
export { FailoverItem, FailoverResponse } from './model/failover-admin';
export { isGlobalService, GLOBAL_TENANT, SC_SERVICE_NAME, SC_APP_ID } from './keys/global-service';
export { lookupServices, servicesOfTenant } from './query/lookup';
export type { NameProbe } from './query/lookup';
export { ReservedProperties } from './model/reserved-properties';
export { Backoff, backoffDelay } from './retry/backoff';
export type { BackoffOptions } from './retry/backoff';
export {
  ServiceIdResponse,
  InstanceIdResponse,
  InstancesResponse,
  InstanceResponse,
  ServiceResponse,
  ServicesResponse,
  SchemasResponse,
  VersionResponse,
} from './model/responses';
export {
  ConflictItem,
  ConflictsResponse,
  PeerFailure,
  PeerLoginState,
  PeerStatus,
  K8sKindStatus,
  K8sStatus,
  SourceItem,
  SourcesResponse,
  ReloadResponse,
} from './model/federation-admin';
export { ShareRule, isShared, shareFilter, rulesFor, shareRuleText, shareScopeId, shareScope } from './share/share-rule';
export type { ShareRules, ShareScope } from './share/share-rule';
export { filterDump } from './share/filter-dump';
export { filterSourceInput } from './share/filter-source';
export {
  Account,
  AccountList,
  BatchCreateAccountsRequest,
  BatchCreateAccountItem,
  BatchCreateAccountsResponse,
  RbacResource,
  Permission,
  Role,
  RoleList,
  TokenRequest,
  TokenResponse,
  SelfPermsResponse,
  LockStatus,
  AccountLock,
  AccountLockList,
  ChangePasswordRequest,
} from './model/rbac';
export * as Rbac from './rbac';
