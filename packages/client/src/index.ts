// @service-center/client: the SDK applications import, and the scctl CLI. Explicit named exports only.
export { ServiceCenterClient } from './client';
export type { ClientOptions, ServiceSpec, InstanceSpec, FindResult, DiscoverResult } from './client';
export { ScClientError, isScClientError, isUnreachable, hasScCode } from './errors';
export type { ScClientErrorKind, ScClientErrorInit } from './errors';
export type { ClientEvent } from './events';
export { closeOnSignal } from './shutdown';
export type { CloseOnSignalOptions } from './shutdown';
export { RegistryApi } from './api/registry-api';
export type { FindQuery, FindAnswer } from './api/registry-api';
export { InstanceCache, cacheKeyOf } from './cache/instance-cache';
export type { CachedAnswer, OfferOutcome, InstanceCacheOptions } from './cache/instance-cache';
export { rankInstances, tierOf, isUp, ReservedProperties } from './discovery/locality';
export type { Locality, LocalityTier, DiscoveredInstance } from './discovery/locality';
export type { Registration, HeartbeatMode } from './registration/keepalive';
export type { WatchHandle, WatchHandler, WatchOptions } from './watch/watcher';
export { EndpointPool, FailoverTransport } from './transport/failover';
export type { EndpointHealth, EndpointPoolOptions } from './transport/failover';
export { defaultFetch } from './transport/fetch-transport';
export type { FetchLike, FetchInit, FetchResponseLike } from './transport/fetch-transport';
export { DEFAULT_BACKOFF } from './transport/retry';
export { backoffDelay } from '@service-center/core';
export type { BackoffOptions } from '@service-center/core';
export {
  ServiceIdResponse,
  InstanceIdResponse,
  InstancesResponse,
  SchemasResponse,
  VersionResponse,
  ConflictItem,
  ConflictsResponse,
  SourceItem,
  SourcesResponse,
} from './wire/responses';
export { runScctl } from './cli/scctl';
export type { CliIo } from './cli/context';
