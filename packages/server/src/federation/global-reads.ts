import Router from '@koa/router';
import type Koa from 'koa';
import * as E from 'fp-ts/Either';
import { Rules, ScCodes, isGlobalService, scError, serviceKeyOf, serviceEntryOf, serviceKeyText, lookupServices, servicesOfTenant, validateObject } from '@service-center/core';
import type { Federation } from './federation';
import type { RegistryDeps } from '../registry/deps';
import { listServices } from '../registry/tables';
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
 * `global=true` GET reads of services, existence and schemas (instances and find read the
 * merged view through core's RegistryReads). Without `global`, every handler here steps
 * aside for the local one (Service-Center's semantics).
 */
export function globalReadRoutes(fed: Federation, deps: RegistryDeps): Router {
  const router = new Router();
  const base = '/v4/:project/registry';
  const view = () => fed.aggregator.view();

  router.get(`${base}/microservices`, async (ctx, next) => {
    if (!isGlobal(ctx)) return next();
    const tenant = tenantOf(ctx);
    const merged = servicesOfTenant(view(), tenant, 'global').flatMap((e) => {
      const d = e.global?.definition;
      return d ? [{ ...d.record.service, serviceId: d.serviceId }] : [];
    });
    // SC's own registration is per server and not merged; `withShared` shows this server's.
    const shared = queryTrue(ctx.query.withShared)
      ? listServices(deps.store, tenant).filter((s) => isGlobalService(tenant, s.service)).map((s) => s.service)
      : [];
    const services = [...merged, ...shared];
    ctx.body = services.length > 0 ? { services } : {};
  });

  router.get(`${base}/microservices/:serviceId`, async (ctx, next) => {
    if (!isGlobal(ctx)) return next();
    const found = fed.reads().service(tenantOf(ctx), ctx.params.serviceId);
    if (!found) return next();
    ctx.body = { service: found };
  });

  router.get(`${base}/existence`, async (ctx, next): Promise<unknown> => {
    if (!isGlobal(ctx) || queryText(ctx, 'type') !== 'microservice') return existenceSchema(ctx, next);
    const tenant = tenantOf(ctx);
    const q = {
      environment: queryText(ctx, 'env'),
      appId: queryText(ctx, 'appId'),
      serviceName: queryText(ctx, 'serviceName'),
      version: queryText(ctx, 'version'),
    };
    const valid = validateObject(Rules.ExistenceRules, q);
    if (E.isLeft(valid)) throw new ScFailure(valid.left);
    const flag = `${q.environment}/${q.appId}/${q.serviceName}/${q.version}`;
    const entries = lookupServices(view(), { tenant, ...q }, 'global');
    if (entries.length === 0) return localThen(next, [ScCodes.ServiceNotExists], async () => false);
    const exact = serviceEntryOf(view(), serviceKeyText(serviceKeyOf(tenant, q)));
    const byAlias = entries.find((e) => e.key.version === q.version);
    const id = exact?.global?.definition.serviceId ?? byAlias?.global?.definition.serviceId;
    if (!id) throw new ScFailure(scError(ScCodes.ServiceVersionNotExists, `${flag} version mismatch.`));
    ctx.body = { serviceId: id };
    return undefined;
  });

  const existenceSchema = async (ctx: Koa.Context, next: Next) => {
    if (!isGlobal(ctx)) return next();
    const tenant = tenantOf(ctx);
    return localThen(next, [ScCodes.ServiceNotExists, ScCodes.SchemaNotExists], async () => {
      const found = await fed.lookup.schema(tenant, queryText(ctx, 'serviceId'), queryText(ctx, 'schemaId'));
      if (!found) return false;
      ctx.set('X-Schema-Summary', '');
      ctx.body = { serviceId: queryText(ctx, 'serviceId'), schemaId: queryText(ctx, 'schemaId') };
      return true;
    });
  };

  // Schema contents are never synced (as in SC): what is not here is asked of the peers.
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
