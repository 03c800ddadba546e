import type Router from '@koa/router';
import { AddTagsRequest } from '@service-center/core';
import type { RegistryDeps } from '../deps';
import { deleteTags, listTags, replaceTags, updateTag } from './tags';
import { readJson } from '../../http/read-body';
import { answerEmpty, queryText, tenantOf } from '../../http/request-context';
import { answerOmitEmpty, orFail, pathParam } from '../../http/service-params';

/** Tags of a service (spec §5.4). */
export function tagRoutes(router: Router, base: string, deps: RegistryDeps): void {
  const tags = `${base}/microservices/:serviceId/tags`;

  router.post(tags, async (ctx) => {
    const body = await readJson(ctx, AddTagsRequest);
    orFail(await replaceTags(deps, tenantOf(ctx), pathParam(ctx, 'serviceId'), body.tags));
    answerEmpty(ctx);
  });

  router.get(tags, (ctx) => {
    answerOmitEmpty(ctx, 'tags', orFail(listTags(deps, tenantOf(ctx), pathParam(ctx, 'serviceId'))));
  });

  router.put(`${tags}/:key`, async (ctx) => {
    orFail(await updateTag(deps, tenantOf(ctx), pathParam(ctx, 'serviceId'), pathParam(ctx, 'key'), queryText(ctx, 'value')));
    answerEmpty(ctx);
  });

  // `{key}` is a comma-separated list of keys.
  router.delete(`${tags}/:key`, async (ctx) => {
    orFail(await deleteTags(deps, tenantOf(ctx), pathParam(ctx, 'serviceId'), pathParam(ctx, 'key').split(',')));
    answerEmpty(ctx);
  });
}
