import { Counter, Gauge, Registry } from 'prom-client';
import type { FailoverTransition } from './failover-tracker';

/** Services failing over now (a gauge read at scrape time) and a counter of entries and exits; returns the counter's feed. */
export function registerFailoverMetrics(registry: Registry, failingNow: () => number): (t: FailoverTransition) => void {
  new Gauge({
    name: 'sc_failover_services',
    help: "Local services whose plain finds are answered with other clusters' instances now",
    registers: [registry],
    collect() {
      this.set(failingNow());
    },
  });
  const transitions = new Counter({
    name: 'sc_failover_transitions_total',
    help: 'Services entering (enter) and leaving (leave) failover since start',
    labelNames: ['direction'] as const,
    registers: [registry],
  });
  transitions.inc({ direction: 'enter' }, 0);
  transitions.inc({ direction: 'leave' }, 0);
  return (t) => transitions.inc({ direction: t });
}
