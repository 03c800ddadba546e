import * as t from 'io-ts';
import { Int32, StringArray, StringMap, struct } from '../codec/optional';

export const HealthCheck = struct(
  'HealthCheck',
  {},
  { mode: t.string, port: Int32, interval: Int32, times: Int32, url: t.string },
);
export type HealthCheck = t.TypeOf<typeof HealthCheck>;

export const DataCenterInfo = struct('DataCenterInfo', {}, { name: t.string, region: t.string, availableZone: t.string });
export type DataCenterInfo = t.TypeOf<typeof DataCenterInfo>;

/** A micro-service instance (cari discovery/instance.go). */
export const MicroServiceInstance = struct(
  'MicroServiceInstance',
  {},
  {
    instanceId: t.string,
    serviceId: t.string,
    endpoints: StringArray,
    hostName: t.string,
    status: t.string,
    properties: StringMap,
    healthCheck: HealthCheck,
    timestamp: t.string,
    dataCenterInfo: DataCenterInfo,
    modTimestamp: t.string,
    version: t.string,
  },
);
export type MicroServiceInstance = t.TypeOf<typeof MicroServiceInstance>;

export const INSTANCE_STATUSES = ['UP', 'DOWN', 'STARTING', 'TESTING', 'OUTOFSERVICE'] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

/** Heartbeat limits of SC v2.1+: push intervals below 5 s and times below 3 are raised. */
export const HEARTBEAT_DEFAULTS = { interval: 30, times: 3, minInterval: 5, minTimes: 3 } as const;

/** The lowest push interval and times a server accepts (tests of short leases lower them). */
export type HeartbeatMinimums = Readonly<{ minInterval: number; minTimes: number }>;

/**
 * The health check SC stores after validation: absent -> push/30/3, push -> clamped to the
 * minimums, pull -> forced to 30/3.
 */
export function normalizeHealthCheck(hc: HealthCheck | undefined, minimums: HeartbeatMinimums = HEARTBEAT_DEFAULTS): HealthCheck {
  if (!hc) return { mode: 'push', interval: HEARTBEAT_DEFAULTS.interval, times: HEARTBEAT_DEFAULTS.times };
  if (hc.mode === 'pull') return { ...hc, interval: HEARTBEAT_DEFAULTS.interval, times: HEARTBEAT_DEFAULTS.times };
  return {
    ...hc,
    interval: Math.max(hc.interval ?? 0, minimums.minInterval),
    times: Math.max(hc.times ?? 0, minimums.minTimes),
  };
}

/** Lease TTL in seconds: interval x (times + 1). */
export function leaseTtlSeconds(hc: HealthCheck): number {
  const interval = hc.interval ?? HEARTBEAT_DEFAULTS.interval;
  const times = hc.times ?? HEARTBEAT_DEFAULTS.times;
  return interval * (times + 1);
}
