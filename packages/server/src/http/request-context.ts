import type Koa from 'koa';
import type * as t from 'io-ts';
import { ScCodes, Tenant, scError } from '@service-center/core';
import { ScFailure } from './sc-failure';

// A '/' would let one tenant's keys reach into another's (keys are '/'-separated paths).
const TENANT_PART = /^[^/\s]{1,64}$/;

/** Tenant of a v4 request: domain from X-Domain-Name (default `default`), project from the path. */
export function tenantOf(ctx: Koa.Context): Tenant {
  const r = tenantFrom(ctx.get('X-Domain-Name'), (ctx.params as Record<string, string> | undefined)?.project ?? '');
  if (typeof r === 'string') throw new ScFailure(scError(ScCodes.InvalidParams, r));
  return r;
}

/** The tenant of a domain header and a (decoded) project, or why it is refused. */
export function tenantFrom(domainHeader: string, project: string): Tenant | string {
  const domain = domainHeader.trim() || 'default';
  const p = project || 'default';
  if (!TENANT_PART.test(domain)) return `X-Domain-Name '${domain}' must be 1-64 characters without '/' or spaces`;
  if (!TENANT_PART.test(p)) return `project '${p}' must be 1-64 characters without '/' or spaces`;
  return { domain, project: p };
}

/** SC's boolean query parsing: `1` or `true` (trimmed, any case). */
export function queryTrue(value: unknown): boolean {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && ['1', 'true'].includes(v.trim().toLowerCase());
}

/** First value of a query parameter, or '' when absent. */
export function queryText(ctx: Koa.Context, name: string): string {
  const v = ctx.query[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

/** `global=true|1` is honoured on GET only (SC's rule). */
export function isGlobal(ctx: Koa.Context): boolean {
  return ctx.method === 'GET' && queryTrue(ctx.query.global);
}

/**
 * The client's revision for 304: `rev` query unless `noCache` or `cacheOnly` is given
 * (SC reads neither then).
 */
export function clientRevision(ctx: Koa.Context): string {
  if (queryTrue(ctx.query.noCache) || queryTrue(ctx.query.cacheOnly)) return '';
  return queryText(ctx, 'rev');
}

/** Set X-Resource-Revision; answer 304 with an empty body when the client has it already. */
export function answerWithRevision(ctx: Koa.Context, rev: string, body: () => unknown): void {
  ctx.set('X-Resource-Revision', rev);
  if (rev !== '' && clientRevision(ctx) === rev) {
    ctx.status = 304;
    ctx.body = null;
    return;
  }
  ctx.body = body();
}

/** SC answers success without an object as 200 with an empty text/plain body. */
export function answerEmpty(ctx: Koa.Context): void {
  ctx.status = 200;
  ctx.type = 'text/plain; charset=UTF-8';
  ctx.body = '';
}

/** Answer with a body of ours encoded by its core codec: it type-checks against the wire shape. */
export function answer<A, O>(ctx: Koa.Context, codec: t.Type<A, O, unknown>, value: A): void {
  ctx.body = codec.encode(value);
}
