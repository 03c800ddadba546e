import type { Logger } from 'pino';
import type { Rules } from '@service-center/core';
import type { KvStore } from '../store/kv';
import type { ServerConfig } from '../config/schema';
import type { TenantCensus } from './microservices/tenant-census';

/** What the registry services need: the store, this server's identity, a clock and a log. */
export type RegistryDeps = Readonly<{
  store: KvStore;
  config: ServerConfig;
  clusterName: string;
  log: Logger;
  /** Milliseconds since the epoch; injectable for tests. */
  now: () => number;
  /** Heartbeat minimums (SC's registry.instance.*); tests lower them. */
  instanceLimits?: InstanceLimits;
  /** Which tenants hold services (the `--max-tenants` cap). */
  tenants: TenantCensus;
  /** Where lease renewals and watch frames are counted (absent: not counted). */
  metrics?: RegistryMetrics;
}>;

/** What the registry reports as it works; each call passes process.hrtime.bigint() of its start. */
export type RegistryMetrics = Readonly<{
  /** One lease renewal (a heartbeat of any kind): renewed or not. */
  heartbeat(renewed: boolean, startNs: bigint): void;
  /** One instance event written to a watcher (start = when it was queued), or dropped. */
  published(sent: boolean, startNs: bigint): void;
}>;

export type InstanceLimits = Readonly<{ minInterval: number; minTimes: number }>;

/** The configured quotas, as core's rules take them. */
export function quotasOf(deps: Pick<RegistryDeps, 'config'>): Rules.Quotas {
  const c = deps.config;
  return { services: c.quotaServices, instances: c.quotaInstances, schemas: c.quotaSchemas, tags: c.quotaTags };
}

/** SC's timestamps: unix seconds as a decimal string. */
export function unixSecondsText(nowMs: number): string {
  return String(Math.floor(nowMs / 1000));
}
