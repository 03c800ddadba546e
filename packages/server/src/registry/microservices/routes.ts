import Router from '@koa/router';
import { CreateServiceRequest, DeleteServicesRequest, PropertiesRequest } from '@service-center/core';
import type Koa from 'koa';
import type { RegistryDeps } from '../deps';
import { DiscoveryRuntime, readsFor } from '../runtime';
import { deleteService, deleteServices } from './delete';
import { getService, listedServices, registerService, updateServiceProperties } from './microservices';
import { existence } from './existence';
import { readJson } from '../../http/read-body';
import { answerEmpty, isGlobal, queryText, queryTrue, tenantOf } from '../../http/request-context';
import { answerOmitEmpty, forceParam, param, rightOrFail } from '../../http/params';
import { schemaRoutes } from '../schemas/routes';
import { tagRoutes } from '../tags/routes';
import { dependencyRoutes } from '../dependencies/routes';

/** SC's limit for `…/properties` bodies. */
const PROPERTIES_MAX_BODY = 3 * 1024;

/** Microservices, existence, schemas, tags, dependencies (SC's server/resource/disco/service_resource.go). */
export function serviceRoutes(deps: RegistryDeps, rt: Pick<DiscoveryRuntime, 'reads' | 'global'>): Router {
  const router = new Router();
  const base = '/v4/:project/registry';
  const readsOf = (ctx: Koa.Context) => readsFor(rt, ctx);

  router.get(`${base}/existence`, (ctx) => {
    const found = rightOrFail(
      existence(deps, readsOf(ctx), tenantOf(ctx), {
        type: queryText(ctx, 'type'),
        environment: queryText(ctx, 'env'),
        appId: queryText(ctx, 'appId'),
        serviceName: queryText(ctx, 'serviceName'),
        version: queryText(ctx, 'version'),
        serviceId: queryText(ctx, 'serviceId'),
        schemaId: queryText(ctx, 'schemaId'),
      }),
    );
    if (found.kind === 'schema') {
      ctx.set('X-Schema-Summary', found.summary);
      ctx.body = { serviceId: found.serviceId, schemaId: found.schemaId };
    } else {
      ctx.body = { serviceId: found.serviceId };
    }
  });

  router.get(`${base}/microservices`, (ctx) => {
    const services = listedServices(readsOf(ctx), readsFor(rt, ctx, false), tenantOf(ctx), queryTrue(ctx.query.withShared), isGlobal(ctx));
    answerOmitEmpty(ctx, 'services', services);
  });

  router.get(`${base}/microservices/:serviceId`, (ctx) => {
    ctx.body = { service: rightOrFail(getService(readsOf(ctx), tenantOf(ctx), param(ctx, 'serviceId'))) };
  });

  router.post(`${base}/microservices`, async (ctx) => {
    const body = await readJson(ctx, CreateServiceRequest);
    ctx.body = rightOrFail(await registerService(deps, tenantOf(ctx), body));
  });

  router.put(`${base}/microservices/:serviceId/properties`, async (ctx) => {
    const body = await readJson(ctx, PropertiesRequest, PROPERTIES_MAX_BODY);
    rightOrFail(await updateServiceProperties(deps, tenantOf(ctx), param(ctx, 'serviceId'), body.properties));
    answerEmpty(ctx);
  });

  router.delete(`${base}/microservices/:serviceId`, async (ctx) => {
    const force = forceParam(ctx) ?? false;
    rightOrFail(await deleteService(deps, tenantOf(ctx), param(ctx, 'serviceId'), force));
    answerEmpty(ctx);
  });

  router.delete(`${base}/microservices`, async (ctx) => {
    const queryForce = forceParam(ctx) ?? false;
    const body = await readJson(ctx, DeleteServicesRequest);
    // As in SC, the body's `force` (when present) overrides the query's.
    const services = rightOrFail(await deleteServices(deps, tenantOf(ctx), body.serviceIds, body.force ?? queryForce));
    ctx.body = { services };
  });

  schemaRoutes(router, base, deps);
  tagRoutes(router, base, deps);
  dependencyRoutes(router, base, deps);
  return router;
}
