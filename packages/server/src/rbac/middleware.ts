import type Koa from 'koa';
import * as E from 'fp-ts/Either';
import { Rbac, statusOf } from '@service-center/core';
import { readRawBody } from '../http/read-body';
import { tenantFrom } from '../http/request-context';
import { ScFailure } from '../http/sc-failure';
import type { RbacService } from './rbac-service';
import { requestLabels } from './labels';
import { requestIdentity, setIdentity } from '../http/request-identity';

/** The project of a v4 path (`/v4/{project}/…`), before any router has parsed it. */
function projectOf(path: string): string {
  const m = /^\/v4\/([^/]+)\//.exec(path);
  if (m === null) return '';
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

/** Admin actions worth an audit line even when they only read (the dump carries every record). */
function isAudited(method: string, path: string): boolean {
  if (Rbac.resourceOf(path) !== 'ops') return false;
  return method !== 'GET' || /\/admin\/dump\/?$/.test(path);
}

/**
 * Before every router: Service-Center's authentication and permission check (the caller's
 * labels then limit what the reads show, see `readsFor`), and the audit line of admin actions.
 */
export function rbacMiddleware(rbac: RbacService): Koa.Middleware {
  return async (ctx, next) => {
    const tenant = tenantFrom(ctx.get('X-Domain-Name'), projectOf(ctx.path));
    const r = await rbac.authenticate({
      method: ctx.method,
      path: ctx.path,
      authorization: ctx.get('Authorization'),
      labels: () =>
        requestLabels(rbac.deps.store, {
          method: ctx.method,
          path: ctx.path,
          tenant: typeof tenant === 'string' ? undefined : tenant,
          query: (n) => {
            const v = ctx.query[n];
            return Array.isArray(v) ? v[0] : v;
          },
          header: (n) => ctx.get(n),
          body: () => readRawBody(ctx),
        }),
    });
    if (E.isLeft(r)) throw new ScFailure(r.left);
    const identity = r.right;
    setIdentity(ctx, identity);
    const audited = identity !== undefined && isAudited(ctx.method, ctx.path);
    try {
      await next();
    } catch (err) {
      // Refused admin actions are audited too, with the status the error middleware will write.
      if (audited) auditLine(ctx, err instanceof ScFailure ? statusOf(err.error) : 500);
      throw err;
    }
    if (audited) auditLine(ctx, ctx.status);
  };

  function auditLine(ctx: Koa.Context, status: number): void {
    const who = requestIdentity(ctx)?.account;
    rbac.audit.info({ account: who, remote: ctx.ip, action: `${ctx.method} ${ctx.path}`, status }, 'admin action');
  }
}
