import * as E from 'fp-ts/Either';
import { unverifiedClaims } from './token-claims';

/** Share of a token's life after which it is replaced. */
export const TOKEN_REFRESH_SHARE = 0.8;

export type TokenTimes = Readonly<{ expiresAt: number; refreshAt: number }>;

/**
 * When a token received at `issuedAt` (ms) expires and when to replace it: at 80 % of its life
 * by its `exp` claim. A token without `exp`, or already past it by our clock (clocks apart),
 * is kept until the server answers 401.
 */
export function tokenTimes(token: string, issuedAt: number): TokenTimes {
  const claims = unverifiedClaims(token);
  const exp = E.isRight(claims) ? claims.right.exp : undefined;
  const expiresAt = exp === undefined ? Number.POSITIVE_INFINITY : exp * 1000;
  const refreshAt = expiresAt > issuedAt && Number.isFinite(expiresAt) ? issuedAt + Math.floor(TOKEN_REFRESH_SHARE * (expiresAt - issuedAt)) : Number.POSITIVE_INFINITY;
  return { expiresAt, refreshAt };
}

/**
 * How long after a refused login (401/403 at `/v4/token`) the same credentials may be tried
 * again. Service-Center allows each account two failed logins per 15 minutes from one address
 * (a bucket of two, refilled one per 15 minutes) and blocks it beyond that: one quick second
 * try (the account may simply not have been created yet), then one try per 16 minutes, which
 * stays within the allowance, so a wrong password never gets the account blocked.
 */
export const FIRST_REFUSAL_HOLD_MS = 60_000;
export const REFUSAL_HOLD_MS = 16 * 60_000;

export function loginRetryAt(refusedAt: number, refusalsInARow: number): number {
  return refusedAt + (refusalsInARow <= 1 ? FIRST_REFUSAL_HOLD_MS : REFUSAL_HOLD_MS);
}
