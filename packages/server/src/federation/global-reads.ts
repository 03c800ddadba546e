import Router from '@koa/router';
import { ScCodes, serviceKeyOf, serviceEntryOf, serviceKeyText } from '@service-center/core';
import type { Federation } from './federation';
import { isGlobal, queryText, queryTrue, tenantOf } from '../http/request-context';
import { ScFailure } from '../http/sc-failure';

type Next = () => Promise<unknown>;

/** Run the local handler; on one of these "not here" codes, try `fallback` instead. */
async function localThen(next: Next, codes: readonly number[], fallback: () => Promise<boolean>): Promise<void> {
  try {
    await next();
  } catch (err) {
    if (err instanceof ScFailure && codes.includes(err.error.code) && (await fallback())) return;
    throw err;
  }
}

/**
 * `global=true` reads of schemas, whose contents are never synced: the local handler answers
 * what this server holds, the peers are asked for the rest (every other `global` read goes
 * through core's RegistryReads over the merged view). Without `global`, every handler here
 * steps aside for the local one (Service-Center's semantics).
 */
export function globalReadRoutes(fed: Federation): Router {
  const router = new Router();
  const base = '/v4/:project/registry';

  // Schema contents are never synced (as in SC): what is not here is asked of the peers.
  router.get(`${base}/existence`, async (ctx, next): Promise<unknown> => {
    if (!isGlobal(ctx) || queryText(ctx, 'type') !== 'schema') return next();
    const tenant = tenantOf(ctx);
    return localThen(next, [ScCodes.ServiceNotExists, ScCodes.SchemaNotExists], async () => {
      const found = await fed.lookup.schema(tenant, queryText(ctx, 'serviceId'), queryText(ctx, 'schemaId'));
      if (!found) return false;
      ctx.set('X-Schema-Summary', '');
      ctx.body = { serviceId: queryText(ctx, 'serviceId'), schemaId: queryText(ctx, 'schemaId') };
      return true;
    });
  });

  router.get(`${base}/microservices/:serviceId/schemas`, async (ctx, next) => {
    if (!isGlobal(ctx)) return next();
    const tenant = tenantOf(ctx);
    return localThen(next, [ScCodes.ServiceNotExists], async () => {
      const found = await fed.lookup.schemas(tenant, ctx.params.serviceId);
      if (!found) {
        // A service of another cluster with no schemas: an empty answer, as for a local one.
        if (!fed.reads().service(tenant, ctx.params.serviceId)) return false;
        ctx.body = {};
        return true;
      }
      const withSchema = queryTrue(ctx.query.withSchema);
      ctx.body = { schemas: found.value.map((s) => (withSchema ? s : { schemaId: s.schemaId, summary: s.summary })) };
      return true;
    });
  });

  router.get(`${base}/microservices/:serviceId/schemas/:schemaId`, async (ctx, next) => {
    if (!isGlobal(ctx)) return next();
    const tenant = tenantOf(ctx);
    return localThen(next, [ScCodes.ServiceNotExists, ScCodes.SchemaNotExists], async () => {
      const found = await fed.lookup.schema(tenant, ctx.params.serviceId, ctx.params.schemaId);
      if (!found) return false;
      const summary = fed.reads().service(tenant, ctx.params.serviceId) ? summaryOf(fed, tenant, ctx.params.serviceId, ctx.params.schemaId) : '';
      ctx.set('X-Schema-Summary', summary);
      ctx.body = { schema: found.value };
      return true;
    });
  });

  return router;
}

function summaryOf(fed: Federation, tenant: { domain: string; project: string }, serviceId: string, schemaId: string): string {
  const s = fed.reads().service(tenant, serviceId);
  if (!s) return '';
  const entry = serviceEntryOf(fed.aggregator.view(), serviceKeyText(serviceKeyOf(tenant, s)));
  return entry?.global?.definition.summaries?.get(schemaId)?.summary ?? '';
}
