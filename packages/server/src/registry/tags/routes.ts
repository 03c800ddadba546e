import type Router from '@koa/router';
import { AddTagsRequest } from '@service-center/core';
import type { RegistryDeps } from '../deps';
import { deleteTags, listTags, replaceTags, updateTag } from './tags';
import { readJson } from '../../http/read-body';
import { answerEmpty, queryText, tenantOf } from '../../http/request-context';
import { answerOmitEmpty, param, rightOrFail } from '../../http/params';

/** Tags of a service (SC's server/resource/disco/service_resource.go, datasource/etcd/ms.go). */
export function tagRoutes(router: Router, base: string, deps: RegistryDeps): void {
  const tags = `${base}/microservices/:serviceId/tags`;

  router.post(tags, async (ctx) => {
    const body = await readJson(ctx, AddTagsRequest);
    rightOrFail(await replaceTags(deps, tenantOf(ctx), param(ctx, 'serviceId'), body.tags));
    answerEmpty(ctx);
  });

  router.get(tags, (ctx) => {
    answerOmitEmpty(ctx, 'tags', rightOrFail(listTags(deps, tenantOf(ctx), param(ctx, 'serviceId'))));
  });

  router.put(`${tags}/:key`, async (ctx) => {
    rightOrFail(await updateTag(deps, tenantOf(ctx), param(ctx, 'serviceId'), param(ctx, 'key'), queryText(ctx, 'value')));
    answerEmpty(ctx);
  });

  // `{key}` is a comma-separated list of keys.
  router.delete(`${tags}/:key`, async (ctx) => {
    rightOrFail(await deleteTags(deps, tenantOf(ctx), param(ctx, 'serviceId'), param(ctx, 'key').split(',')));
    answerEmpty(ctx);
  });
}
