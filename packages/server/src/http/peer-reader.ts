import type Koa from 'koa';
import { requestIdentity } from './request-identity';

/** The request header our puller sends on every peer call: the cluster name it declares. */
export const CLUSTER_HEADER = 'x-sc-cluster';

/**
 * Who reads this server's dump or change stream, for the export rules: with RBAC on, the
 * token's account (a header could be forged); without RBAC, the cluster name the caller
 * declares ('' when it declares none: it gets only the rules bound to no peer).
 */
export function readerOf(ctx: Koa.Context): string {
  const identity = requestIdentity(ctx);
  return identity ? identity.account : ctx.get(CLUSTER_HEADER).trim();
}
