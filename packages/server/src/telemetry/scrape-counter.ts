import { Counter, Registry } from 'prom-client';

/** Add one to the count of this label set; `bound` fixes the labels once, for a hot path. */
export type CountOf<L extends string> = ((labels: Readonly<Record<L, string>>) => void) & {
  bound(labels: Readonly<Record<L, string>>): () => void;
};

/**
 * A Prometheus counter for hot paths: counts are kept in a map and handed to prom-client
 * when /metrics is scraped, so a count costs a map lookup instead of prom-client's label
 * hashing and checks on every request.
 */
export function scrapeCounter<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[]): CountOf<L> {
  const counts = new Map<string, { labels: Readonly<Record<L, string>>; n: number }>();
  new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const c of counts.values()) this.inc(c.labels, c.n);
    },
  });
  const entryOf = (labels: Readonly<Record<L, string>>) => {
    const key = labelNames.map((l) => labels[l]).join('\u0000');
    let c = counts.get(key);
    if (!c) counts.set(key, (c = { labels: { ...labels }, n: 0 }));
    return c;
  };
  const count = (labels: Readonly<Record<L, string>>) => {
    entryOf(labels).n++;
  };
  return Object.assign(count, {
    bound: (labels: Readonly<Record<L, string>>) => {
      const c = entryOf(labels);
      return () => {
        c.n++;
      };
    },
  });
}
