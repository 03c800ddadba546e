import * as E from 'fp-ts/Either';

export const FAILOVER_MODES = ['off', 'local-first'] as const;
export type FailoverMode = (typeof FAILOVER_MODES)[number];

/** `ordered`: add one cluster at a time until the minimum is met; `all`: add every eligible cluster at once. */
export const FAILOVER_SPILLS = ['ordered', 'all'] as const;
export type FailoverSpill = (typeof FAILOVER_SPILLS)[number];

/** How many local instances must be UP and fresh: a count, or a share of the service's instances everywhere. */
export type MinHealthy = Readonly<{ kind: 'count'; count: number }> | Readonly<{ kind: 'share'; percent: number }>;

export type FailoverPolicy = Readonly<{
  mode: FailoverMode;
  minHealthy: MinHealthy;
  /** Clusters to fail over to, best first; empty = every other cluster, by name. */
  order: readonly string[];
  spill: FailoverSpill;
}>;

export const FAILOVER_OFF: FailoverPolicy = Object.freeze({
  mode: 'off',
  minHealthy: Object.freeze({ kind: 'count', count: 1 }),
  order: Object.freeze([]) as readonly string[],
  spill: 'ordered',
});

/** `3` (a count) or `30%` (a share); numbers are taken as counts. */
export function parseMinHealthy(value: string | number): E.Either<string, MinHealthy> {
  const text = String(value).trim();
  const share = /^(\d+(?:\.\d+)?)%$/.exec(text);
  if (share) {
    const percent = Number(share[1]);
    return percent > 0 && percent <= 100 ? E.right({ kind: 'share', percent }) : E.left('a share must be in (0%, 100%]');
  }
  return /^\d+$/.test(text) ? E.right({ kind: 'count', count: Number(text) }) : E.left("must be a whole number (e.g. 2) or a share (e.g. '30%')");
}

export function minHealthyText(m: MinHealthy): string {
  return m.kind === 'count' ? String(m.count) : `${m.percent}%`;
}

/** The number of healthy local instances required when the service has `total` instances across the federation. */
export function requiredHealthy(m: MinHealthy, total: number): number {
  return m.kind === 'count' ? m.count : Math.ceil((m.percent * total) / 100);
}

/** One instance as the rule sees it; `item` is carried through untouched. */
export type FailoverCandidate<T> = Readonly<{ item: T; origin: string; up: boolean; stale: boolean; demoted: boolean }>;

export type FailoverSelection<L, R> = Readonly<{
  /** The local instances (all of them, as given) followed by the remote ones added. */
  served: readonly (L | R)[];
  /** The remote candidates added, in cluster order. */
  added: readonly FailoverCandidate<R>[];
  /** Clusters the added instances come from, in the order they were added. */
  clusters: readonly string[];
  healthyLocal: number;
  required: number;
}>;

const isHealthy = (c: FailoverCandidate<unknown>) => c.up && !c.stale;

/** The clusters eligible for failover, best first. */
function clusterOrder(remote: readonly FailoverCandidate<unknown>[], order: readonly string[]): string[] {
  if (order.length > 0) return [...new Set(order)];
  return [...new Set(remote.map((c) => c.origin))].sort();
}

/**
 * Local first: every local instance is served; while fewer than the minimum of them are UP
 * and fresh, UP instances of other clusters are added in cluster order (a whole cluster at a
 * time) until the minimum is met. Stale instances are added only when nothing fresh is
 * served, demoted ones only when nothing else is. Mode `off` serves the local list as is.
 */
export function selectFailover<L, R>(
  local: readonly FailoverCandidate<L>[],
  remote: readonly FailoverCandidate<R>[],
  policy: FailoverPolicy,
): FailoverSelection<L, R> {
  const healthyLocal = local.filter(isHealthy).length;
  const required = requiredHealthy(policy.minHealthy, local.length + remote.length);
  const localItems: (L | R)[] = local.map((c) => c.item);
  if (policy.mode === 'off' || healthyLocal >= required) return { served: localItems, added: [], clusters: [], healthyLocal, required };
  const clusters = clusterOrder(remote, policy.order);
  const up = remote.filter((c) => c.up);
  const tiers = [up.filter((c) => !c.stale), up.filter((c) => c.stale && !c.demoted), up.filter((c) => c.demoted)];
  const added: FailoverCandidate<R>[] = [];
  const used: string[] = [];
  for (const [index, tier] of tiers.entries()) {
    // Stale instances only when nothing fresh is served; demoted ones last.
    if (index > 0 && healthyLocal + added.length > 0) break;
    for (const cluster of clusters) {
      if (policy.spill === 'ordered' && healthyLocal + added.length >= required) break;
      const group = tier.filter((c) => c.origin === cluster);
      if (group.length === 0) continue;
      added.push(...group);
      if (!used.includes(cluster)) used.push(cluster);
    }
  }
  return { served: [...localItems, ...added.map((c) => c.item)], added, clusters: used, healthyLocal, required };
}
