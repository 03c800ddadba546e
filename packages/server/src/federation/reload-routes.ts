import Router from '@koa/router';
import * as E from 'fp-ts/Either';
import { ReloadResponse, ScCodes, ScError, scError } from '@service-center/core';
import { answer, tenantOf } from '../http/request-context';
import { ScFailure } from '../http/sc-failure';

/** Re-read the configuration now (what SIGHUP and a change of the config file do). */
export function reloadRoutes(reload: () => Promise<E.Either<ScError, ReloadResponse>>): Router {
  const router = new Router();
  router.post('/v4/:project/admin/reload', async (ctx) => {
    const t = tenantOf(ctx);
    if (t.domain !== 'default' || t.project !== 'default') throw new ScFailure(scError(ScCodes.Forbidden, 'Required admin permission'));
    const r = await reload();
    if (E.isLeft(r)) throw new ScFailure(r.left);
    answer(ctx, ReloadResponse, r.right);
  });
  return router;
}
