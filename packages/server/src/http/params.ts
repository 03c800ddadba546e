import type Koa from 'koa';
import * as E from 'fp-ts/Either';
import { ScCodes, ScError, scError, tagKeysOf } from '@service-center/core';
import { ScFailure } from './sc-failure';
import { queryText } from './request-context';

/** A service's Right value, or leave through the error middleware with its Left. */
export function rightOrFail<A>(r: E.Either<ScError, A>): A {
  if (E.isLeft(r)) throw new ScFailure(r.left);
  return r.right;
}

/** A path parameter as the router decoded it ('' when absent). */
export function param(ctx: Koa.Context, name: string): string {
  return (ctx.params as Record<string, string | undefined> | undefined)?.[name] ?? '';
}

export function consumerIdOf(ctx: Koa.Context): string {
  return ctx.get('X-ConsumerId').trim();
}

export function tagsOf(ctx: Koa.Context): string[] {
  return tagKeysOf(queryText(ctx, 'tags'));
}

/** Go's omitempty on a response's one list: `{}` when empty. */
export function listBody(field: string, items: readonly unknown[]): Record<string, unknown> {
  return items.length > 0 ? { [field]: items } : {};
}

/** A plain GET on a websocket route: the upgrader's 400 (through the error middleware). */
export function upgradeRequired(ctx: Koa.Context): never {
  ctx.set('Sec-WebSocket-Version', '13');
  throw new ScFailure(scError(ScCodes.InvalidParams, 'Bad Request: this route needs a websocket upgrade'));
}
