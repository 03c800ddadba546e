import { Rbac } from '@service-center/core';
import type { DumpCache, MicroServiceInstance, RegistryReads, Schema, ShareScope, Tenant } from '@service-center/core';
import type Koa from 'koa';
import { isGlobal } from '../http/request-context';
import { callerLabels } from '../http/request-identity';
import type { FindAnswers } from './discovery/find-answers';
import type { AlarmRegistry } from './admin/alarms';
import type { SelfRegistration } from './admin/self-registration';
import type { InstanceView } from './instances/self-preservation';

/**
 * What the instance, discovery and admin routes need besides RegistryDeps: the instance view
 * (self-preservation), the local registry's reads through it, alarms and SC's own registration.
 */
export type DiscoveryRuntime = Readonly<{
  view: InstanceView;
  reads: RegistryReads;
  alarms: AlarmRegistry;
  self: SelfRegistration;
  /** Serialized find answers, shared by the find route and the server's fast path. */
  findAnswers: FindAnswers;
  /** The merged multi-cluster view, for `global=true` reads. */
  global: GlobalReads;
}>;

/** What `global=true` reads use: discovery over the merged view and the peers' own answers. */
export type GlobalReads = Readonly<{
  reads: () => RegistryReads;
  /** Grows with every change of the merged view (find answers are cached per version). */
  version: () => number;
  /** Dump items of other clusters (by cache section). */
  remoteDump: () => DumpCache;
  /** What a peer reading the dump may receive (the export rules for it). */
  exportScope: (reader: string) => ShareScope;
  /** Ask the peers for an instance the merged view does not hold (SC's cache-miss path). */
  lookupInstance: (tenant: Tenant, serviceId: string, instanceId: string) => Promise<MicroServiceInstance | undefined>;
  /** Ask the peers for a service's schemas with content (the merged view holds summaries only). */
  lookupSchemas: (tenant: Tenant, serviceId: string) => Promise<readonly Schema[] | undefined>;
}>;

/**
 * What a request reads: with `global=true` on a GET the merged view of every cluster,
 * otherwise the local registry; a caller whose roles carry labels sees only the services
 * they match in lists (RBAC off: everything).
 */
export function readsFor(rt: Pick<DiscoveryRuntime, 'reads' | 'global'>, ctx: Koa.Context, global = isGlobal(ctx)): RegistryReads {
  return Rbac.visibleReads(global ? rt.global.reads() : rt.reads, callerLabels(ctx));
}
