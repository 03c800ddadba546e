/**
 * Login-failure lockout as Service-Center does it for each `name::ip`: a token bucket of two
 * failures refilled one per 15 minutes; a failure the bucket cannot take bans the key until
 * `releaseLockAfter` has passed. Other failures leave an `attempted` record kept for
 * `retainLockHistoryFor`. Times are milliseconds since the epoch.
 */
import type { AccountLock } from '../model/rbac';

export type LockoutPolicy = Readonly<{
  maxAttempts: number;
  refillMs: number;
  releaseLockAfterMs: number;
  retainLockHistoryForMs: number;
}>;

export const DEFAULT_LOCKOUT: LockoutPolicy = {
  maxAttempts: 2,
  refillMs: 15 * 60_000,
  releaseLockAfterMs: 15 * 60_000,
  retainLockHistoryForMs: 20 * 60_000,
};

export function lockKeyOf(name: string, ip: string): string {
  return `${name}::${ip}`;
}

/** The failure bucket: how many failures it can still take, as of `at`. */
export type FailureBucket = Readonly<{ tokens: number; at: number }>;

export type FailureOutcome = Readonly<{ bucket: FailureBucket; lock: Required<AccountLock> }>;

/** One more failure for `key` at `now`, given the bucket before it (undefined: a first failure). */
export function recordFailure(
  key: string,
  bucket: FailureBucket | undefined,
  now: number,
  policy: LockoutPolicy = DEFAULT_LOCKOUT,
): FailureOutcome {
  const before = bucket === undefined ? policy.maxAttempts : refilled(bucket, now, policy);
  const banned = before < 1;
  const tokens = banned ? before : before - 1;
  const releaseAt = now + (banned ? policy.releaseLockAfterMs : policy.retainLockHistoryForMs);
  return {
    bucket: { tokens, at: now },
    lock: { key, status: banned ? 'banned' : 'attempted', releaseAt: Math.floor(releaseAt / 1000) },
  };
}

/** The outcome of a whole failure history (the times of each failure, oldest first). */
export function lockOfHistory(key: string, failures: readonly number[], policy: LockoutPolicy = DEFAULT_LOCKOUT): FailureOutcome | undefined {
  let outcome: FailureOutcome | undefined;
  for (const at of failures) outcome = recordFailure(key, outcome?.bucket, at, policy);
  return outcome;
}

function refilled(bucket: FailureBucket, now: number, policy: LockoutPolicy): number {
  const elapsed = Math.max(0, now - bucket.at);
  return Math.min(policy.maxAttempts, bucket.tokens + elapsed / policy.refillMs);
}

/** Whether a lock blocks logins at `now`; an expired lock blocks nothing (and may be deleted). */
export function isBlocked(lock: AccountLock | undefined, now: number): boolean {
  if (lock === undefined || isExpired(lock, now)) return false;
  return lock.status === 'banned';
}

export function isExpired(lock: AccountLock, now: number): boolean {
  return (lock.releaseAt ?? 0) < Math.floor(now / 1000);
}
