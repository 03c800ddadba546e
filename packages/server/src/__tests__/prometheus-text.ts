// Reading a /metrics answer (Prometheus text format 0.0.4) in tests.

export type Sample = Readonly<{ name: string; labels: Readonly<Record<string, string>>; value: number }>;

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function unescape(v: string): string {
  return v.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** Every sample line of the answer. */
export function parseSamples(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1]] = unescape(l[2]);
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

/** Metric families by name, with their `# TYPE` (counter, gauge, histogram, summary). */
export function metricFamilies(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) out.set(m[1], m[2]);
  return out;
}

/** The value of the sample with exactly these labels, or undefined when there is none. */
export function valueOf(samples: readonly Sample[], name: string, labels: Readonly<Record<string, string>>): number | undefined {
  const want = Object.entries(labels);
  const s = samples.find(
    (x) => x.name === name && Object.keys(x.labels).length === want.length && want.every(([k, v]) => x.labels[k] === v),
  );
  return s?.value;
}

export async function scrape(baseUrl: string): Promise<{ text: string; samples: Sample[] }> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return { text, samples: parseSamples(text) };
}
