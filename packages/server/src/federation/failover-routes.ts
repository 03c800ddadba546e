import Router from '@koa/router';
import { FailoverPolicy, FailoverResponse, minHealthyText } from '@service-center/core';
import { answer } from '../http/request-context';
import type { FailoverTracker } from './failover-tracker';

/** `GET /v4/:project/admin/failover`: the policy of plain finds and the services failing over now. */
export function failoverRoutes(policyNow: () => FailoverPolicy, tracker: FailoverTracker): Router {
  const router = new Router();
  router.get('/v4/:project/admin/failover', (ctx) => {
    const policy = policyNow();
    const services = tracker.items();
    answer(ctx, FailoverResponse, {
      mode: policy.mode,
      minHealthy: minHealthyText(policy.minHealthy),
      order: policy.order,
      spill: policy.spill,
      services: services.length > 0 ? services : undefined,
    });
  });
  return router;
}
