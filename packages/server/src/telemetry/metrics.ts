import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type Koa from 'koa';
import { tenantFrom } from '../http/request-context';
import { CountOf, scrapeCounter } from './scrape-counter';
import { WindowSummary } from './window-summary';

/** One Prometheus registry per server (tests run several servers in one process). */
export type Metrics = Readonly<{
  registry: Registry;
  /** Service-Center's `instance` label: this server's host:port (known once it listens). */
  instance: () => string;
  httpRequests: CountOf<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  /** Service-Center's names, so its Grafana dashboard reads them. */
  scRequests: CountOf<'method' | 'code' | 'instance' | 'api' | 'domain'>;
  scSuccesses: CountOf<'method' | 'code' | 'instance' | 'api' | 'domain'>;
  scDurations: WindowSummary<'method' | 'instance' | 'api' | 'domain'>;
  /** Per answered (method, route, status, domain header): its label sets resolved once. */
  recorders: Map<string, (ns: number) => void>;
}>;

/** Distinct label sets whose recorder is kept; past that, requests are recorded uncached. */
const MAX_RECORDERS = 4096;

export function createMetrics(withProcessMetrics: boolean, instanceOf: () => string = () => ''): Metrics {
  const registry = new Registry();
  // Known once the server listens; read once then.
  let known = '';
  const instance = () => known || (known = instanceOf());
  if (withProcessMetrics) collectDefaultMetrics({ register: registry });
  const httpRequests = scrapeCounter(registry, 'sc_http_requests_total', 'HTTP requests by method, route pattern and status', ['method', 'route', 'status'] as const);
  const httpDuration = new Histogram({
    name: 'sc_http_request_duration_seconds',
    help: 'HTTP request latency by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const scLabels = ['method', 'code', 'instance', 'api', 'domain'] as const;
  const scRequests = scrapeCounter(registry, 'service_center_http_request_total', 'Counter of requests received into ROA handler', scLabels);
  const scSuccesses = scrapeCounter(registry, 'service_center_http_success_total', 'Counter of successful requests processed by ROA handler', scLabels);
  const scDurations = new WindowSummary(registry, 'service_center_http_request_durations_microseconds', 'HTTP request latency summary of ROA handler', [
    'method',
    'instance',
    'api',
    'domain',
  ] as const);
  return { registry, instance, httpRequests, httpDuration, scRequests, scSuccesses, scDurations, recorders: new Map() };
}

export type AnsweredRequest = Readonly<{
  method: string;
  /** The route pattern (bounded labels), `unmatched` when none matched. */
  route: string;
  status: number;
  /** The X-Domain-Name header as sent. */
  domainHeader: string;
  /** process.hrtime.bigint() when the request arrived. */
  startNs: bigint;
}>;

/**
 * Count and time one answered request, in our series and Service-Center's: the one place
 * both the app and the fast path record requests, so either path counts the same.
 */
export function recordRequest(m: Metrics, r: AnsweredRequest): void {
  const ns = Number(process.hrtime.bigint() - r.startNs);
  const key = `${r.method}\u0000${r.route}\u0000${r.status}\u0000${r.domainHeader}`;
  let record = m.recorders.get(key);
  if (!record) {
    record = recorderOf(m, r);
    if (m.instance() !== '' && m.recorders.size < MAX_RECORDERS) m.recorders.set(key, record);
  }
  record(ns);
}

/** The label sets of one kind of answer, resolved once: a request then costs a few writes. */
function recorderOf(m: Metrics, r: Omit<AnsweredRequest, 'startNs'>): (ns: number) => void {
  const status = String(r.status);
  const requests = m.httpRequests.bound({ method: r.method, route: r.route, status });
  const duration = m.httpDuration.labels({ method: r.method, route: r.route });
  const tenant = tenantFrom(r.domainHeader, 'default');
  const sc = { method: r.method, instance: m.instance(), api: r.route, domain: typeof tenant === 'object' ? tenant.domain : '' };
  const counted = { ...sc, code: status };
  const scRequest = m.scRequests.bound(counted);
  // Service-Center counts every answer below 500 as a success.
  const scSuccess = r.status < 500 ? m.scSuccesses.bound(counted) : () => undefined;
  return (ns) => {
    requests();
    duration.observe(ns / 1e9);
    scRequest();
    scSuccess();
    m.scDurations.observe(sc, ns / 1e3);
  };
}

/** Count and time each request under its route pattern (not the raw path: bounded labels). */
export function metricsMiddleware(m: Metrics): Koa.Middleware {
  return async (ctx, next) => {
    const startNs = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const route = (ctx as Koa.Context & { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      recordRequest(m, { method: ctx.method, route: String(route), status: ctx.status, domainHeader: ctx.get('X-Domain-Name'), startNs });
    }
  };
}
