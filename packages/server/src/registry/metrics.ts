import { Gauge, Registry } from 'prom-client';
import { WindowSummary } from '../telemetry/window-summary';
import { MicroService, isGlobalService, keyScope, parseEtcdKey } from '@service-center/core';
import type { KvStore } from '../store/kv';
import { scrapeCounter } from '../telemetry/scrape-counter';
import type { RegistryMetrics } from './deps';
import { rowsUnder } from './tables';

export type RegistryMetricsSources = Readonly<{
  store: KvStore;
  /** Live watch subscribers per domain. */
  subscribers: () => ReadonlyMap<string, number>;
  /** Service-Center's `instance` label (this server's host:port). */
  instance: () => string;
}>;

type ServiceLabels = Readonly<{ framework: string; frameworkVersion: string; domain: string; project: string }>;
type Counts = Readonly<{ services: Map<string, [ServiceLabels, number]>; instances: Map<string, [ServiceLabels, number]>; domains: number }>;

const UNKNOWN = 'UNKNOWN';

/** Service-Center's framework labels: UNKNOWN when the service names no framework (or version). */
function frameworkLabels(s: MicroService): Pick<ServiceLabels, 'framework' | 'frameworkVersion'> {
  const name = s.framework?.name ?? '';
  if (name === '') return { framework: UNKNOWN, frameworkVersion: UNKNOWN };
  return { framework: name, frameworkVersion: s.framework?.version || UNKNOWN };
}

function add(map: Counts['services'], labels: ServiceLabels, n: number): void {
  const key = `${labels.domain}/${labels.project}/${labels.framework}/${labels.frameworkVersion}`;
  const had = map.get(key);
  map.set(key, [labels, (had?.[1] ?? 0) + n]);
}

/**
 * Services and instances per tenant and framework, domains in use, as Service-Center counts
 * them: its own global SERVICECENTER service is left out of the service and instance totals.
 */
function countRegistry(store: KvStore): Counts {
  const services: Counts['services'] = new Map();
  const instances: Counts['instances'] = new Map();
  const domains = new Set<string>();
  for (const { kv, value: service } of rowsUnder(store, 'service', keyScope.all('service'))) {
    const key = parseEtcdKey(kv.key);
    if (key?.kind !== 'service') continue;
    domains.add(key.tenant.domain);
    if (isGlobalService(key.tenant, service)) continue;
    const labels = { ...frameworkLabels(service), domain: key.tenant.domain, project: key.tenant.project };
    add(services, labels, 1);
    const n = store.count(keyScope.service('instance', key.tenant, key.serviceId));
    if (n > 0) add(instances, labels, n);
  }
  return { services, instances, domains: domains.size };
}

const micros = (startNs: bigint) => Number(process.hrtime.bigint() - startNs) / 1e3;

/**
 * Service-Center's registry series (its names and labels, so its Grafana dashboard works):
 * stored services, instances and domains (counted at scrape time, once per store revision),
 * lease renewals, watch frames written and watch subscribers. Returns the sink the
 * registry reports renewals and frames to.
 */
export function registerRegistryMetrics(registry: Registry, src: RegistryMetricsSources): RegistryMetrics {
  let cached: { revision: number; counts: Counts } | undefined;
  const counts = (): Counts => {
    const revision = src.store.revision();
    if (cached?.revision !== revision) cached = { revision, counts: countRegistry(src.store) };
    return cached.counts;
  };
  const serviceLabels = ['instance', 'framework', 'frameworkVersion', 'domain', 'project'] as const;
  new Gauge({
    name: 'service_center_db_service_total',
    help: 'Gauge of microservice created in Service Center',
    labelNames: serviceLabels,
    registers: [registry],
    collect() {
      this.reset();
      for (const [labels, n] of counts().services.values()) this.set({ instance: src.instance(), ...labels }, n);
    },
  });
  new Gauge({
    name: 'service_center_db_instance_total',
    help: 'Gauge of microservice instance created in Service Center',
    labelNames: serviceLabels,
    registers: [registry],
    collect() {
      this.reset();
      for (const [labels, n] of counts().instances.values()) this.set({ instance: src.instance(), ...labels }, n);
    },
  });
  new Gauge({
    name: 'service_center_db_domain_total',
    help: 'Gauge of domain created in Service Center',
    labelNames: ['instance'] as const,
    registers: [registry],
    collect() {
      this.set({ instance: src.instance() }, counts().domains);
    },
  });
  new Gauge({
    name: 'service_center_db_sc_total',
    help: 'Counter of the Service Center instance',
    labelNames: ['instance'] as const,
    registers: [registry],
    collect() {
      this.set({ instance: src.instance() }, 1);
    },
  });
  const heartbeats = scrapeCounter(registry, 'service_center_db_heartbeat_total', 'Counter of heartbeat renew', ['instance', 'status'] as const);
  const heartbeatDurations = new WindowSummary(registry, 'service_center_db_heartbeat_durations_microseconds', 'Latency of heartbeat renew', ['instance', 'status'] as const);
  const published = scrapeCounter(registry, 'service_center_notify_publish_total', 'Counter of publishing instance events', ['instance', 'source', 'status'] as const);
  const publishDurations = new WindowSummary(registry, 'service_center_notify_publish_durations_microseconds', 'Latency of publishing instance events', [
    'instance',
    'source',
    'status',
  ] as const);
  new Gauge({
    name: 'service_center_notify_subscriber_total',
    help: 'Gauge of subscribers',
    labelNames: ['instance', 'domain', 'scheme'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [domain, n] of src.subscribers()) this.set({ instance: src.instance(), domain, scheme: 'Websocket' }, n);
    },
  });
  const status = (ok: boolean) => (ok ? 'SUCCESS' : 'FAILURE');
  return {
    heartbeat(renewed, startNs) {
      const labels = { instance: src.instance(), status: status(renewed) };
      heartbeats(labels);
      heartbeatDurations.observe(labels, micros(startNs));
    },
    published(sent, startNs) {
      const labels = { instance: src.instance(), source: 'INSTANCE', status: status(sent) };
      published(labels);
      publishDurations.observe(labels, micros(startNs));
    },
  };
}
