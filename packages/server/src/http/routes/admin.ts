import Router from '@koa/router';
import type { RegistryDeps } from '../../registry/deps';
import type { DiscoveryRuntime } from '../../services/instances-runtime';
import { clusters, dump } from '../../services/admin';
import { answerEmpty, queryText, tenantOf } from '../request-context';
import { listBody, rightOrFail } from './instances-params';

/** Admin dump, clusters and alarms (spec §5.8, §7). */
export function adminRoutes(deps: RegistryDeps, rt: DiscoveryRuntime): Router {
  const router = new Router();
  const base = '/v4/:project/admin';

  router.get(`${base}/dump`, (ctx) => {
    ctx.body = rightOrFail(dump(deps, rt.view, tenantOf(ctx), queryText(ctx, 'options'), rt.global?.remoteDump));
  });

  router.get(`${base}/clusters`, (ctx) => {
    ctx.body = clusters(deps, rt.selfUrl());
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
