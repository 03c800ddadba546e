import Router, { type RouterContext } from '@koa/router';
import type { MicroServiceInstance, ScError } from '@service-center/core';
import * as E from 'fp-ts/Either';
import { versionBody } from './version';
import { ScFailure } from '../../http/sc-failure';

export type HealthProvider = () => Promise<E.Either<ScError, readonly MicroServiceInstance[]>>;

/** Version and health: `/v4/{project}/registry/{version,health}`, `/version`, `/health`. */
export function mainRoutes(health: HealthProvider): Router {
  const router = new Router();
  const answerHealth = async (ctx: RouterContext) => {
    const r = await health();
    if (E.isLeft(r)) throw new ScFailure(r.left);
    ctx.body = { instances: r.right };
  };
  router.get('/v4/:project/registry/version', (ctx) => {
    ctx.body = versionBody('4.0.0');
  });
  router.get('/version', (ctx) => {
    ctx.body = versionBody('3.0.0');
  });
  router.get('/v4/:project/registry/health', answerHealth);
  router.get('/health', answerHealth);
  return router;
}
