import type { Logger } from 'pino';
import type { KvStore } from '../store/kv';
import type { ServerConfig } from '../config/schema';

/** What the registry services need: the store, this server's identity, a clock and a log. */
export type RegistryDeps = Readonly<{
  store: KvStore;
  config: ServerConfig;
  clusterName: string;
  log: Logger;
  /** Milliseconds since the epoch; injectable for tests. */
  now: () => number;
  /** Heartbeat minimums and instance quota (SC's registry.instance.*); tests lower them. */
  instanceLimits?: InstanceLimits;
}>;

export type InstanceLimits = Readonly<{ minInterval: number; minTimes: number; quota: number }>;

/** SC's timestamps: unix seconds as a decimal string. */
export function unixSecondsText(nowMs: number): string {
  return String(Math.floor(nowMs / 1000));
}
