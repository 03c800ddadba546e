import type Router from '@koa/router';
import { ModifySchemaRequest, ModifySchemasRequest } from '@service-center/core';
import type { RegistryDeps } from '../deps';
import { deleteSchema, getSchema, listSchemas, putSchema, putSchemas } from './schemas';
import { readJson } from '../../http/read-body';
import { answerEmpty, tenantOf } from '../../http/request-context';
import { answerOmitEmpty, orFail, pathParam, withSchemaParam } from '../../http/service-params';

/** Schemas of a service (spec §5.3). */
export function schemaRoutes(router: Router, base: string, deps: RegistryDeps): void {
  const schemas = `${base}/microservices/:serviceId/schemas`;

  router.get(schemas, (ctx) => {
    const withSchema = withSchemaParam(ctx);
    answerOmitEmpty(ctx, 'schemas', orFail(listSchemas(deps, tenantOf(ctx), pathParam(ctx, 'serviceId'), withSchema)));
  });

  router.get(`${schemas}/:schemaId`, (ctx) => {
    const found = orFail(getSchema(deps, tenantOf(ctx), pathParam(ctx, 'serviceId'), pathParam(ctx, 'schemaId')));
    ctx.set('X-Schema-Summary', found.summary);
    ctx.body = { schema: found.schema };
  });

  router.put(`${schemas}/:schemaId`, async (ctx) => {
    const body = await readJson(ctx, ModifySchemaRequest);
    orFail(await putSchema(deps, tenantOf(ctx), pathParam(ctx, 'serviceId'), pathParam(ctx, 'schemaId'), body));
    answerEmpty(ctx);
  });

  router.post(schemas, async (ctx) => {
    const body = await readJson(ctx, ModifySchemasRequest);
    orFail(await putSchemas(deps, tenantOf(ctx), pathParam(ctx, 'serviceId'), body.schemas));
    answerEmpty(ctx);
  });

  router.delete(`${schemas}/:schemaId`, async (ctx) => {
    orFail(await deleteSchema(deps, tenantOf(ctx), pathParam(ctx, 'serviceId'), pathParam(ctx, 'schemaId')));
    answerEmpty(ctx);
  });
}
