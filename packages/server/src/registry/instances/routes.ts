import Router from '@koa/router';
import {
  HeartbeatSetRequest,
  PropertiesRequest,
  RegisterInstanceRequest,
  ScCodes,
  UpdateManyStatusRequest,
  getProviderInstance,
  listProviderInstances,
  scError,
} from '@service-center/core';
import type { RegistryDeps } from '../deps';
import { DiscoveryRuntime, readsFor } from '../runtime';
import { registerInstance } from './register';
import { heartbeat, heartbeatSet, unregisterInstance } from './lifecycle';
import { updateInstanceProperties, updateInstanceStatus, updateManyInstanceStatus } from './update';
import { readJson } from '../../http/read-body';
import { answerEmpty, answerWithRevision, isGlobal, queryText, tenantOf } from '../../http/request-context';
import * as E from 'fp-ts/Either';
import { ScFailure } from '../../http/sc-failure';
import { consumerIdOf, listBody, param, rightOrFail, tagsOf, upgradeRequired } from '../../http/params';

/** SC's body limits: 5 KB to register an instance, 3 KB for its properties. */
const REGISTER_MAX_BODY = 5 * 1024;
const PROPERTIES_MAX_BODY = 3 * 1024;

/** Instances and heartbeats (SC's server/resource/disco/instance_resource.go); websocket routes answer plain GETs. */
export function instanceRoutes(deps: RegistryDeps, rt: DiscoveryRuntime): Router {
  const router = new Router();
  const base = '/v4/:project/registry';
  const one = `${base}/microservices/:serviceId/instances/:instanceId`;

  router.post(`${base}/microservices/:serviceId/instances`, async (ctx) => {
    const body = await readJson(ctx, RegisterInstanceRequest, REGISTER_MAX_BODY);
    if (!body.instance) throw new ScFailure(scError(ScCodes.InvalidParams, 'Request format invalid.'));
    ctx.body = rightOrFail(await registerInstance(deps, tenantOf(ctx), param(ctx, 'serviceId'), body.instance));
  });

  router.get(`${base}/microservices/:serviceId/instances`, (ctx) => {
    const r = rightOrFail(
      listProviderInstances(readsFor(rt, ctx), {
        tenant: tenantOf(ctx),
        consumerId: consumerIdOf(ctx),
        serviceId: param(ctx, 'serviceId'),
        tags: tagsOf(ctx),
      }),
    );
    answerWithRevision(ctx, r.revision, () => listBody('instances', r.instances.map((i) => i.instance)));
  });

  router.get(one, async (ctx) => {
    const tenant = tenantOf(ctx);
    const found = getProviderInstance(readsFor(rt, ctx), {
      tenant,
      consumerId: consumerIdOf(ctx),
      serviceId: param(ctx, 'serviceId'),
      instanceId: param(ctx, 'instanceId'),
      tags: tagsOf(ctx),
    });
    // Not in the merged view: ask the peers themselves (global=false there, no recursion).
    if (E.isLeft(found) && found.left.code === ScCodes.InstanceNotExists && isGlobal(ctx)) {
      const live = await rt.global.lookupInstance(tenant, param(ctx, 'serviceId'), param(ctx, 'instanceId'));
      if (live) {
        ctx.body = { instance: live };
        return;
      }
    }
    const r = rightOrFail(found);
    answerWithRevision(ctx, r.revision, () => ({ instance: r.instance.instance }));
  });

  router.delete(one, async (ctx) => {
    rightOrFail(await unregisterInstance(deps, tenantOf(ctx), param(ctx, 'serviceId'), param(ctx, 'instanceId')));
    answerEmpty(ctx);
  });

  router.put(`${one}/heartbeat`, async (ctx) => {
    rightOrFail(await heartbeat(deps, tenantOf(ctx), param(ctx, 'serviceId'), param(ctx, 'instanceId')));
    answerEmpty(ctx);
  });
  router.get(`${one}/heartbeat`, upgradeRequired);
  router.get(`${base}/microservices/:serviceId/watcher`, upgradeRequired);

  router.put(`${base}/heartbeats`, async (ctx) => {
    const body = await readJson(ctx, HeartbeatSetRequest);
    ctx.body = { instances: rightOrFail(await heartbeatSet(deps, tenantOf(ctx), body.instances ?? [])) };
  });

  router.put(`${one}/status`, async (ctx) => {
    const status = queryText(ctx, 'value');
    rightOrFail(await updateInstanceStatus(deps, tenantOf(ctx), param(ctx, 'serviceId'), param(ctx, 'instanceId'), status));
    answerEmpty(ctx);
  });

  router.put(`${one}/properties`, async (ctx) => {
    const body = await readJson(ctx, PropertiesRequest, PROPERTIES_MAX_BODY);
    const tenant = tenantOf(ctx);
    rightOrFail(await updateInstanceProperties(deps, tenant, param(ctx, 'serviceId'), param(ctx, 'instanceId'), body.properties));
    answerEmpty(ctx);
  });

  router.put(`${base}/instances/status`, async (ctx) => {
    const body = await readJson(ctx, UpdateManyStatusRequest);
    rightOrFail(await updateManyInstanceStatus(deps, tenantOf(ctx), body.matches?.properties ?? {}, body.status ?? ''));
    answerEmpty(ctx);
  });

  return router;
}
