import Router from '@koa/router';
import {
  AppsResponse,
  GovernServiceResponse,
  GovernServicesResponse,
  RelationGraph,
  StatisticsResponse,
  countOnlyOf,
  propertyFilterOf,
} from '@service-center/core';
import type Koa from 'koa';
import type { RegistryDeps } from '../deps';
import { DiscoveryRuntime, readsFor } from '../runtime';
import { GovernReads, getGovernService, governApps, governOverview, governRelations, listGovernServices } from './govern';
import { answer, isGlobal, queryText, queryTrue, tenantOf } from '../../http/request-context';
import { param, rightOrFail } from '../../http/params';

function queryValues(ctx: Koa.Context, name: string): string[] {
  const v = ctx.query[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/**
 * The console's read routes (SC's server/resource/govern/govern_resource.go), in SC's
 * order. Our extension `global=true` answers them over the merged view of every cluster.
 */
export function governRoutes(deps: RegistryDeps, rt: Pick<DiscoveryRuntime, 'reads' | 'global'>): Router {
  const router = new Router();
  const base = '/v4/:project/govern';
  const readsOf = (ctx: Koa.Context): GovernReads => ({ reads: readsFor(rt, ctx), local: readsFor(rt, ctx, false), global: isGlobal(ctx) });
  // Service-Center's `registry.instance.properties`: the only instance properties the list shows.
  const innerKeys = new Set(Object.keys(deps.config.instanceProperties));

  router.get(`${base}/microservices/:serviceId`, async (ctx) => {
    const found = await getGovernService(readsOf(ctx), tenantOf(ctx), param(ctx, 'serviceId'), rt.global.lookupSchemas);
    answer(ctx, GovernServiceResponse, rightOrFail(found));
  });

  router.get(`${base}/relations`, (ctx) => {
    answer(ctx, RelationGraph, governRelations(readsOf(ctx), tenantOf(ctx), queryTrue(ctx.query.withShared)));
  });

  router.get(`${base}/microservices`, (ctx) => {
    const countOnly = rightOrFail(countOnlyOf(queryText(ctx, 'countOnly')));
    const filter = {
      withShared: queryTrue(ctx.query.withShared),
      environment: queryText(ctx, 'env'),
      appId: queryText(ctx, 'appId'),
      serviceName: queryText(ctx, 'serviceName'),
      properties: propertyFilterOf(queryValues(ctx, 'property')),
    };
    const list = listGovernServices(readsOf(ctx), tenantOf(ctx), { options: queryText(ctx, 'options'), filter, countOnly, innerKeys });
    answer(ctx, GovernServicesResponse, list);
  });

  router.get(`${base}/apps`, (ctx) => {
    const apps = governApps(readsOf(ctx), tenantOf(ctx), queryText(ctx, 'env'), queryTrue(ctx.query.withShared));
    answer(ctx, AppsResponse, rightOrFail(apps));
  });

  router.get(`${base}/statistics`, (ctx) => {
    answer(ctx, StatisticsResponse, { statistics: governOverview(readsOf(ctx), tenantOf(ctx)) });
  });

  return router;
}
