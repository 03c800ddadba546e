import type Koa from 'koa';
import { ScCodes, ScError, errorBodyOf, scError, statusOf } from '@service-center/core';
import type { Logger } from 'pino';
import { ScFailure } from './sc-failure';

type HttpishError = Error & { status?: number; statusCode?: number; expose?: boolean; headers?: Record<string, string>; type?: string };

/** Map a non-SC error that a library threw (router 405, body limits) to an SC error. */
function scErrorOf(err: HttpishError, ctx: Koa.Context): ScError | undefined {
  const status = err.status ?? err.statusCode;
  if (status === 405) return scError(ScCodes.MethodNotAllowed, `method ${ctx.method} is not allowed on ${ctx.path}`);
  if (status === 404) return scError(ScCodes.NotFound, `no route for ${ctx.method} ${ctx.path}`);
  if (status === 413) return scError(ScCodes.PayloadTooLarge, err.message);
  if (status !== undefined && status >= 400 && status < 500 && err.expose) return scError(ScCodes.InvalidParams, err.message);
  return undefined;
}

/**
 * The one place that turns errors into HTTP: SC failures keep their code, library 4xx errors
 * are mapped, anything else is 500003 with a hidden message and a log line with the request id.
 */
export function errorMiddleware(log: Logger): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new ScFailure(scError(ScCodes.NotFound, `no route for ${ctx.method} ${ctx.path}`));
      }
      if ((ctx.status === 405 || ctx.status === 501) && !ctx.body) {
        throw new ScFailure(scError(ScCodes.MethodNotAllowed, `method ${ctx.method} is not allowed on ${ctx.path}; allowed: ${ctx.response.get('Allow')}`));
      }
    } catch (thrown) {
      const err = thrown as HttpishError;
      let sc: ScError;
      if (err instanceof ScFailure) {
        sc = err.error;
      } else {
        const mapped = scErrorOf(err, ctx);
        if (mapped) {
          sc = mapped;
          if (err.headers) ctx.set(err.headers);
        } else {
          sc = scError(ScCodes.Internal, `internal error, request id ${String(ctx.state.requestId)}`);
          log.error({ err, requestId: ctx.state.requestId, method: ctx.method, path: ctx.path }, 'request failed');
        }
      }
      ctx.status = statusOf(sc);
      ctx.type = 'application/json; charset=UTF-8';
      ctx.body = errorBodyOf(sc);
    }
  };
}
