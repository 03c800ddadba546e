import { randomUUID } from 'node:crypto';
import type Koa from 'koa';

/** Give every request an id (kept from X-Request-Id when sane) for logs and error bodies. */
export function requestId(): Koa.Middleware {
  return async (ctx, next) => {
    const given = ctx.get('X-Request-Id');
    const id = /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
    ctx.state.requestId = id;
    ctx.set('X-Request-Id', id);
    await next();
  };
}
