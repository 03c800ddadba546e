import * as E from 'fp-ts/Either';
import { FAILOVER_OFF, FailoverCandidate, FailoverPolicy, FailoverSpill, parseMinHealthy, selectFailover } from '@service-center/core';
import type { MicroServiceInstance } from '@service-center/core';
import { DiscoveredInstance, Locality, describeInstance, isUp } from './locality';

/**
 * discover()'s failover policy, in place of the default locality tiers: instances of the
 * caller's own cluster while at least `minHealthy` of them are UP and fresh; below that, other
 * clusters' UP instances in `order` (default: every cluster, by name), one cluster at a time
 * (`spill: 'ordered'`, the default) or all at once (`'all'`). Stale instances only when
 * nothing fresh exists, demoted ones last. Needs `locality.cluster`.
 */
export type FailoverOptions = Readonly<{
  order?: readonly string[];
  /** A count (default 1) or a share of the service's instances everywhere, e.g. '30%'. */
  minHealthy?: number | `${number}%`;
  spill?: FailoverSpill;
}>;

/** The core policy for the options; throws on a bad `minHealthy` (a programming error, found at construction). */
export function failoverPolicyOf(o: FailoverOptions): FailoverPolicy {
  const minHealthy = parseMinHealthy(o.minHealthy ?? 1);
  if (E.isLeft(minHealthy)) throw new Error(`ServiceCenterClient: failover.minHealthy ${minHealthy.left}`);
  return { ...FAILOVER_OFF, mode: 'local-first', minHealthy: minHealthy.right, order: o.order ?? [], spill: o.spill ?? 'ordered' };
}

const candidateOf = (d: DiscoveredInstance): FailoverCandidate<DiscoveredInstance> => ({
  item: d,
  origin: d.origin ?? '',
  up: isUp(d.instance),
  stale: d.stale,
  demoted: d.demoted,
});

/**
 * The instances to call under a failover policy, best first: the caller's cluster (an
 * instance without an origin is taken as local: a plain answer), then the clusters failover
 * adds, in its order. Only UP instances are returned.
 */
export function selectWithFailover(instances: readonly MicroServiceInstance[], here: Locality, policy: FailoverPolicy): DiscoveredInstance[] {
  const described = instances.map((i) => describeInstance(i, here));
  const isLocal = (d: DiscoveredInstance) => d.origin === undefined || d.origin === here.cluster;
  const selection = selectFailover(described.filter(isLocal).map(candidateOf), described.filter((d) => !isLocal(d)).map(candidateOf), policy);
  return selection.served.filter((d) => isUp(d.instance));
}
