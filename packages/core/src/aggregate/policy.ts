/**
 * The knobs of the merge. Durations are milliseconds, like `now` and `lastConfirmed`.
 * `self` is this server's cluster name: the origin its own records carry.
 */
export type MergePolicy = Readonly<{
  self: string;
  /** An unreachable source's records are demoted this long after their last confirmation. */
  demoteAfter: number;
  /** ... and dropped from the view this long after it (the snapshot itself is kept). */
  dropAfter: number;
  /** Share of a snapshot's instances whose withdrawal at once triggers quarantine. */
  quarantineShare: number;
  /** Quarantine only applies to snapshots with at least this many instances. */
  quarantineMin: number;
  /** Consecutive snapshots showing the withdrawal before it is accepted (1 disables quarantine). */
  quarantineConfirmations: number;
}>;

/** Keep 5 min, then demote, drop after 30 min; quarantine when 80% of 10+ instances go at once. */
export const DEFAULT_POLICY: Omit<MergePolicy, 'self'> = Object.freeze({
  demoteAfter: 5 * 60_000,
  dropAfter: 30 * 60_000,
  quarantineShare: 0.8,
  quarantineMin: 10,
  quarantineConfirmations: 3,
});

export function mergePolicy(self: string, overrides: Partial<Omit<MergePolicy, 'self'>> = {}): MergePolicy {
  return Object.freeze({ ...DEFAULT_POLICY, ...overrides, self });
}
