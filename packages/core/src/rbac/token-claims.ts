import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { struct } from '../codec/optional';
import { decodeWith } from '../codec/decode';

/** The claims Service-Center puts in its RS512 tokens. */
export const TokenClaims = struct('TokenClaims', {}, { account: t.string, roles: t.array(t.string), exp: t.number });
export type TokenClaims = t.TypeOf<typeof TokenClaims>;

/**
 * A token's claims, read without verifying its signature: what a client needs to know when
 * to renew it. Only the issuing server's public key can tell whether it is genuine.
 */
export function unverifiedClaims(token: string): E.Either<string, TokenClaims> {
  const parts = token.split('.');
  if (parts.length !== 3) return E.left('not a JWT (expected three dot-separated parts)');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return E.left('the JWT payload is not base64url JSON');
  }
  const claims = decodeWith(TokenClaims, json);
  return E.isRight(claims) ? claims : E.left(`unexpected JWT claims: ${claims.left.detail ?? ''}`);
}
