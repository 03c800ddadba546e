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

const TRUE_OR_FALSE: Readonly<Record<string, boolean>> = { true: true, false: false, 1: true, 0: false };

/** SC's `force`: exactly true/false/1/0 or absent, else 400001. Undefined when absent. */
export function forceParam(ctx: Koa.Context): boolean | undefined {
  const v = queryText(ctx, 'force');
  if (v === '') return undefined;
  if (!Object.prototype.hasOwnProperty.call(TRUE_OR_FALSE, v)) {
    throw new ScFailure(scError(ScCodes.InvalidParams, 'parameter force must be false or true'));
  }
  return TRUE_OR_FALSE[v];
}

/** SC's `withSchema`: only '', 0 or 1. */
export function withSchemaParam(ctx: Koa.Context): boolean {
  const v = queryText(ctx, 'withSchema');
  if (v !== '' && v !== '0' && v !== '1') {
    throw new ScFailure(scError(ScCodes.InvalidParams, 'parameter withSchema must be 1 or 0'));
  }
  return v === '1';
}

/** Answer a JSON object whose one list/map field Go would omit when empty (`{}` then). */
export function answerOmitEmpty(ctx: Koa.Context, field: string, value: readonly unknown[] | Readonly<Record<string, unknown>>): void {
  const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
  ctx.body = empty ? {} : { [field]: value };
}
