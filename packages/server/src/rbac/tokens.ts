import type * as crypto from 'node:crypto';
import * as jose from 'jose';
import * as E from 'fp-ts/Either';
import { ScCodes, ScError, scError } from '@service-center/core';

/** Who a valid token speaks for. */
export type Claims = Readonly<{ account: string; roles: readonly string[] }>;

/** Service-Center's token: RS512, claims `account`, `roles`, `exp` (seconds). */
export async function signToken(key: crypto.KeyObject, claims: Claims, lifetimeMs: number, nowMs: number): Promise<string> {
  return new jose.SignJWT({ account: claims.account, roles: [...claims.roles] })
    .setProtectedHeader({ alg: 'RS512', typ: 'JWT' })
    .setExpirationTime(Math.floor((nowMs + lifetimeMs) / 1000))
    .sign(key);
}

/** Check signature and expiry; 401205 when expired, 401201 for anything else wrong. */
export async function verifyToken(key: crypto.KeyObject, token: string, nowMs: number): Promise<E.Either<ScError, Claims>> {
  try {
    const { payload } = await jose.jwtVerify(token, key, { algorithms: ['RS512'], currentDate: new Date(nowMs) });
    const account = payload.account;
    const roles = payload.roles;
    if (typeof account !== 'string' || account === '') return E.left(scError(ScCodes.Unauthorized, 'the token names no account'));
    if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r) => typeof r === 'string')) {
      return E.left(scError(ScCodes.Unauthorized, 'no role found in token'));
    }
    return E.right({ account, roles: roles as string[] });
  } catch (err) {
    if (err instanceof jose.errors.JWTExpired) return E.left(scError(ScCodes.TokenExpired));
    return E.left(scError(ScCodes.Unauthorized, `invalid token: ${(err as Error).message}; get a new one from POST /v4/token`));
  }
}
