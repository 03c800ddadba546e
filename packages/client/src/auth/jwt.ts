import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { decodeWith, struct } from '@service-center/core';

/** The one claim the client reads: when the token expires (Unix seconds). */
const ExpiryClaim = struct('JwtExpiryClaim', {}, { exp: t.number });

/**
 * When a JWT expires (ms since epoch), read from its payload without verifying the signature:
 * the client only schedules its refresh by it; the server is the one that verifies.
 * Undefined when the token is not a JWT or carries no `exp`.
 */
export function jwtExpiresAt(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const claims = decodeWith(ExpiryClaim, json);
  if (E.isLeft(claims) || claims.right.exp === undefined) return undefined;
  return claims.right.exp * 1000;
}
