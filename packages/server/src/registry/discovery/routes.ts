import Router from '@koa/router';
import { BatchFindRequest, BatchFindResponse, RegistryReads, ScCodes, scError } from '@service-center/core';
import type Koa from 'koa';
import type { RegistryDeps } from '../deps';
import { DiscoveryRuntime, readsFor } from '../runtime';
import { findAndRecord } from './find';
import { batchFind } from './batch-find';
import { findCacheKey, findInputsOf, findPolicyOf } from './find-request';
import { answerBytes } from './answer-bytes';
import { readJson } from '../../http/read-body';
import { answerWithRevision, isGlobal, queryText, tenantOf } from '../../http/request-context';
import { ScFailure } from '../../http/sc-failure';
import { consumerIdOf, listBody, rightOrFail } from '../../http/params';

/** Find and batch find (SC's server/resource/disco/instance_resource.go). */
export function discoveryRoutes(deps: RegistryDeps, rt: DiscoveryRuntime): Router {
  const router = new Router();
  const base = '/v4/:project/registry';
  const readsOf = (ctx: Koa.Context): RegistryReads => readsFor(rt, ctx);
  const policy = findPolicyOf(deps.config);

  // Find answers are reused while the store, the instance view and (for global) the merged
  // view are unchanged (see FindAnswers); a first answer also records the consumer's
  // dependency, and any later change of the rules moves the store revision.
  router.get(`${base}/instances`, async (ctx) => {
    const req = findInputsOf(tenantOf(ctx), (n) => queryText(ctx, n), (h) => ctx.get(h));
    const global = isGlobal(ctx);
    const key = findCacheKey(req, global, policy);
    let answer = rt.findAnswers.get(key, global);
    if (!answer) {
      const r = rightOrFail(await findAndRecord(deps, readsOf(ctx), req, policy));
      const body = JSON.stringify(listBody('instances', r.instances.map((i) => i.instance)));
      // Recording a dependency is a write: the answer belongs to the epoch after it.
      answer = rt.findAnswers.put(key, global, r.revision, body);
    }
    const found = answer;
    ctx.vary('Accept-Encoding');
    answerWithRevision(ctx, found.revision, () => {
      const out = answerBytes(found, ctx.req);
      if (out.gzip) ctx.set('Content-Encoding', 'gzip');
      return out.body;
    });
    if (ctx.status !== 304) ctx.type = 'application/json; charset=utf-8';
  });

  router.post(`${base}/instances/action`, async (ctx) => {
    const type = queryText(ctx, 'type');
    if (type !== 'query') throw new ScFailure(scError(ScCodes.InvalidParams, `Invalid action: ${type}`));
    const body = await readJson(ctx, BatchFindRequest);
    const r = await batchFind(deps, rt.reads, {
      tenant: tenantOf(ctx),
      // SC overwrites the body's consumerServiceId with the header.
      consumerId: consumerIdOf(ctx),
      services: body.services ?? [],
      instances: body.instances ?? [],
    }, policy);
    ctx.body = BatchFindResponse.encode(rightOrFail(r));
  });

  return router;
}
