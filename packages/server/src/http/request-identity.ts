import type Koa from 'koa';
import type { Rbac } from '@service-center/core';

/** A caller whose token checked out, and the labels its list answers are filtered by. */
export type Identity = Readonly<{ account: string; roles: readonly string[]; labels?: readonly Rbac.Labels[] }>;

type WithIdentity = { identity?: Identity };

/** Kept on the request by the RBAC middleware; absent when RBAC is off. */
export function setIdentity(ctx: Koa.Context, identity: Identity | undefined): void {
  (ctx.state as WithIdentity).identity = identity;
}

export function requestIdentity(ctx: Koa.Context): Identity | undefined {
  return (ctx.state as WithIdentity).identity;
}

/** The labels the caller's list answers are limited to (undefined: sees everything). */
export function callerLabels(ctx: Koa.Context): readonly Rbac.Labels[] | undefined {
  return requestIdentity(ctx)?.labels;
}
