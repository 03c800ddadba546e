import Router from '@koa/router';
import type { RegistryDeps } from '../deps';
import type { DiscoveryRuntime } from '../runtime';
import { filterDump } from '@service-center/core';
import { dump } from './dump';
import { readerOf } from '../../http/peer-reader';
import { answerEmpty, queryText, tenantOf } from '../../http/request-context';
import { listBody, rightOrFail } from '../../http/params';

/** Admin dump and alarms (`/admin/clusters` is the federation's: it knows the peers). */
export function adminRoutes(deps: RegistryDeps, rt: DiscoveryRuntime): Router {
  const router = new Router();
  const base = '/v4/:project/admin';

  router.get(`${base}/dump`, (ctx) => {
    const scope = rt.global.exportScope(readerOf(ctx));
    const answer = rightOrFail(dump(deps, rt.view, tenantOf(ctx), queryText(ctx, 'options'), rt.global.remoteDump));
    // A peer receives only what this cluster exports to it, relayed records included.
    ctx.body = answer.cache ? { ...answer, cache: filterDump(answer.cache, scope.allow), exportScope: scope.id } : answer;
  });

  router.get(`${base}/alarms`, (ctx) => {
    ctx.body = listBody('alarms', rt.alarms.list());
  });

  router.delete(`${base}/alarms`, (ctx) => {
    rt.alarms.clearAll();
    answerEmpty(ctx);
  });

  return router;
}
