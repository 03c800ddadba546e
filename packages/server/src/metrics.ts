import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type Koa from 'koa';

/** One Prometheus registry per server (tests run several servers in one process). */
export type Metrics = Readonly<{
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
}>;

export function createMetrics(withProcessMetrics: boolean): Metrics {
  const registry = new Registry();
  if (withProcessMetrics) collectDefaultMetrics({ register: registry });
  const httpRequests = new Counter({
    name: 'sc_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'sc_http_request_duration_seconds',
    help: 'HTTP request latency by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  return { registry, httpRequests, httpDuration };
}

/** Count and time each request under its route pattern (not the raw path: bounded labels). */
export function metricsMiddleware(m: Metrics): Koa.Middleware {
  return async (ctx, next) => {
    const start = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const route = (ctx as Koa.Context & { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      m.httpRequests.inc({ method: ctx.method, route: String(route), status: String(ctx.status) });
      m.httpDuration.observe({ method: ctx.method, route: String(route) }, seconds);
    }
  };
}
