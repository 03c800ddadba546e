import Koa from 'koa';
import Router from '@koa/router';
import type { Logger } from 'pino';
import { errorMiddleware } from './http/error-middleware';
import { requestId } from './http/request-id';
import { Metrics, metricsMiddleware } from './telemetry/metrics';

export type AppParts = Readonly<{
  log: Logger;
  metrics: Metrics;
  routers: readonly Router[];
  /** Runs before every router (RBAC's authentication), after the error catch. */
  guard?: Koa.Middleware;
  /** Public static files (the console), served before the guard: they need no token. */
  publicFiles?: Koa.Middleware;
}>;

/** The middleware order, in one place: id, metrics, the one error catch, public files, the guard (RBAC), then the routes. */
export function createApp(parts: AppParts): Koa {
  const app = new Koa();
  app.proxy = false;
  app.silent = true; // errors are logged by errorMiddleware with their request id
  app.use(requestId());
  app.use(metricsMiddleware(parts.metrics));
  app.use(errorMiddleware(parts.log));
  if (parts.publicFiles) app.use(parts.publicFiles);
  if (parts.guard) app.use(parts.guard);
  const metricsRouter = new Router();
  metricsRouter.get('/metrics', async (ctx) => {
    ctx.type = parts.metrics.registry.contentType;
    ctx.body = await parts.metrics.registry.metrics();
  });
  // One root router, so 405 (known path, wrong method) sees every route.
  const root = new Router();
  for (const router of [metricsRouter, ...parts.routers]) root.use(router.routes());
  app.use(root.routes());
  app.use(root.allowedMethods()); // sets 405 + Allow; errorMiddleware writes the SC body
  return app;
}
