import type Router from '@koa/router';
import { ModifySchemaRequest, ModifySchemasRequest } from '@service-center/core';
import type { RegistryDeps } from '../deps';
import { deleteSchema, getSchema, listSchemas, putSchema, putSchemas } from './schemas';
import { readJson } from '../../http/read-body';
import { answerEmpty, tenantOf } from '../../http/request-context';
import { answerOmitEmpty, param, rightOrFail, withSchemaParam } from '../../http/params';

/** Schemas of a service (SC's server/resource/disco/schema_resource.go). */
export function schemaRoutes(router: Router, base: string, deps: RegistryDeps): void {
  const schemas = `${base}/microservices/:serviceId/schemas`;

  router.get(schemas, (ctx) => {
    const withSchema = withSchemaParam(ctx);
    answerOmitEmpty(ctx, 'schemas', rightOrFail(listSchemas(deps, tenantOf(ctx), param(ctx, 'serviceId'), withSchema)));
  });

  router.get(`${schemas}/:schemaId`, (ctx) => {
    const found = rightOrFail(getSchema(deps, tenantOf(ctx), param(ctx, 'serviceId'), param(ctx, 'schemaId')));
    ctx.set('X-Schema-Summary', found.summary);
    ctx.body = { schema: found.schema };
  });

  router.put(`${schemas}/:schemaId`, async (ctx) => {
    const body = await readJson(ctx, ModifySchemaRequest);
    rightOrFail(await putSchema(deps, tenantOf(ctx), param(ctx, 'serviceId'), param(ctx, 'schemaId'), body));
    answerEmpty(ctx);
  });

  router.post(schemas, async (ctx) => {
    const body = await readJson(ctx, ModifySchemasRequest);
    rightOrFail(await putSchemas(deps, tenantOf(ctx), param(ctx, 'serviceId'), body.schemas));
    answerEmpty(ctx);
  });

  router.delete(`${schemas}/:schemaId`, async (ctx) => {
    rightOrFail(await deleteSchema(deps, tenantOf(ctx), param(ctx, 'serviceId'), param(ctx, 'schemaId')));
    answerEmpty(ctx);
  });
}
