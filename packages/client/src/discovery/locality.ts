import { ReservedProperties, type MicroServiceInstance } from '@service-center/core';

/** Where the caller runs: its cluster (the server's cluster name), region and zone. */
export type Locality = Readonly<{ cluster?: string; region?: string; zone?: string }>;

/** How close an instance is: same cluster, same region and zone, same region, or farther. */
export type LocalityTier = 'cluster' | 'zone' | 'region' | 'remote';

const TIER_ORDER: Record<LocalityTier, number> = { cluster: 0, zone: 1, region: 2, remote: 3 };

/** Reserved property names of our server's global answers (defined once, in core). */
export { ReservedProperties };

/** An instance as discover() returns it: the wire record plus what the client read from it. */
export type DiscoveredInstance = Readonly<{
  instance: MicroServiceInstance;
  /** The cluster the instance was registered in, when the server says (global answers). */
  origin: string | undefined;
  tier: LocalityTier;
  /** Its cluster's server cannot be reached: the record is the last one confirmed. */
  stale: boolean;
  /** Stale for long: served only when nothing fresher exists. */
  demoted: boolean;
  /** When a stale record was last confirmed by its cluster (ISO text), if known. */
  lastConfirmed: string | undefined;
}>;

export function tierOf(i: MicroServiceInstance, here: Locality): LocalityTier {
  const origin = i.properties?.[ReservedProperties.origin];
  if (here.cluster !== undefined && origin === here.cluster) return 'cluster';
  const dc = i.dataCenterInfo;
  const sameRegion = here.region !== undefined && dc?.region === here.region;
  if (sameRegion && here.zone !== undefined && dc?.availableZone === here.zone) return 'zone';
  if (sameRegion) return 'region';
  return 'remote';
}

export function describeInstance(i: MicroServiceInstance, here: Locality): DiscoveredInstance {
  const p = i.properties ?? {};
  return {
    instance: i,
    origin: p[ReservedProperties.origin],
    tier: tierOf(i, here),
    stale: p[ReservedProperties.stale] === 'true',
    demoted: p[ReservedProperties.demoted] === 'true',
    lastConfirmed: p[ReservedProperties.lastConfirmed],
  };
}

/** SC's default status is UP: an instance without a status is up. */
export function isUp(i: MicroServiceInstance): boolean {
  return (i.status ?? 'UP') === 'UP';
}

/**
 * The instances a caller should use, best first:
 * 1. only instances that are UP;
 * 2. fresh instances only, unless none is fresh: then the stale ones (not demoted first);
 * 3. by locality: same cluster, same region and zone, same region, others;
 * 4. otherwise in the server's order (the sort is stable).
 */
export function rankInstances(instances: readonly MicroServiceInstance[], here: Locality): DiscoveredInstance[] {
  const up = instances.filter(isUp).map((i) => describeInstance(i, here));
  const fresh = up.filter((d) => !d.stale);
  const pool = fresh.length > 0 ? fresh : up;
  return pool
    .map((d, index) => ({ d, index }))
    .sort(
      (a, b) =>
        Number(a.d.demoted) - Number(b.d.demoted) || TIER_ORDER[a.d.tier] - TIER_ORDER[b.d.tier] || a.index - b.index,
    )
    .map((x) => x.d);
}
