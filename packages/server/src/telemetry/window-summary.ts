import { Registry, Summary } from 'prom-client';

/** Quantiles Service-Center's summaries publish. */
const QUANTILES = [0.5, 0.9, 0.99] as const;
/** Recent observations kept per label set: the quantiles are read over them. */
const WINDOW = 1024;

type Series<L extends string> = { labels: Readonly<Record<L, string>>; count: number; sum: number; recent: Float64Array; next: number };

/** The value at quantile `q` of sorted values (nearest rank). */
function quantileOf(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * A Prometheus summary for hot paths: exact `_count` and `_sum`, and p50/p90/p99 over the
 * last 1,024 observations of each label set, computed when /metrics is scraped. An
 * observation costs a map lookup and two array writes; prom-client's t-digest summary costs
 * about a microsecond each, a tenth of a cached find.
 */
export class WindowSummary<L extends string> extends Summary<L> {
  private readonly series = new Map<string, Series<L>>();

  constructor(
    registry: Registry,
    private readonly metricName: string,
    help: string,
    private readonly names: readonly L[],
  ) {
    super({ name: metricName, help, labelNames: names, percentiles: [...QUANTILES], registers: [registry] });
  }

  override observe(labels: Partial<Record<L, string | number>> | number, value?: number): void {
    if (typeof labels === 'number' || value === undefined) throw new Error(`${this.metricName}: observe(labels, value) only`);
    const key = this.names.map((l) => String(labels[l] ?? '')).join('\u0000');
    let s = this.series.get(key);
    if (!s) {
      const own = Object.fromEntries(this.names.map((l) => [l, String(labels[l] ?? '')])) as Record<L, string>;
      s = { labels: own, count: 0, sum: 0, recent: new Float64Array(WINDOW), next: 0 };
      this.series.set(key, s);
    }
    s.count++;
    s.sum += value;
    s.recent[s.next % WINDOW] = value;
    s.next++;
  }

  override async get(): Promise<Awaited<ReturnType<Summary<L>['get']>>> {
    const base = await super.get();
    const values: (typeof base)['values'] = [];
    for (const s of this.series.values()) {
      const sorted = s.recent.slice(0, Math.min(s.next, WINDOW)).sort();
      for (const q of QUANTILES) values.push({ labels: { quantile: q, ...s.labels }, value: quantileOf(sorted, q) });
      values.push({ metricName: `${this.metricName}_sum`, labels: s.labels, value: s.sum });
      values.push({ metricName: `${this.metricName}_count`, labels: s.labels, value: s.count });
    }
    return { ...base, values };
  }

  override reset(): void {
    // Called by prom-client's constructor too, before this class's fields exist.
    (this.series as Map<string, Series<L>> | undefined)?.clear();
  }
}
