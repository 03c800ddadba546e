import type Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import { DependenciesRequest } from '@service-center/core';
import type { RegistryDeps } from '../deps';
import { callerLabels } from '../../http/request-identity';
import { DependencyFilter, listConsumers, listProviders, putDependencies } from './dependencies';
import { readJson } from '../../http/read-body';
import { answerEmpty, queryTrue, tenantOf } from '../../http/request-context';
import { answerOmitEmpty, param, rightOrFail } from '../../http/params';

const filterOf = (ctx: RouterContext): DependencyFilter => ({
  sameDomain: queryTrue(ctx.query.sameDomain),
  noSelf: queryTrue(ctx.query.noSelf),
  labels: callerLabels(ctx),
});

/** Dependency rules (SC's server/rest/controller/v4/dependency_controller.go); the write routes are deprecated in SC and say so. */
export function dependencyRoutes(router: Router, base: string, deps: RegistryDeps): void {
  const write = (override: boolean) => async (ctx: RouterContext) => {
    const body = await readJson(ctx, DependenciesRequest);
    rightOrFail(await putDependencies(deps, tenantOf(ctx), body.dependencies, override));
    ctx.set('Deprecation', 'version="v4"');
    answerEmpty(ctx);
  };
  router.post(`${base}/dependencies`, write(false));
  router.put(`${base}/dependencies`, write(true));

  router.get(`${base}/microservices/:consumerId/providers`, (ctx) => {
    answerOmitEmpty(ctx, 'providers', rightOrFail(listProviders(deps, tenantOf(ctx), param(ctx, 'consumerId'), filterOf(ctx))));
  });

  router.get(`${base}/microservices/:providerId/consumers`, (ctx) => {
    answerOmitEmpty(ctx, 'consumers', rightOrFail(listConsumers(deps, tenantOf(ctx), param(ctx, 'providerId'), filterOf(ctx))));
  });
}
