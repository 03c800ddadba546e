import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../__tests__/spawn-server';
import { startTestServer } from '../__tests__/test-server';
import { FakePeer } from '../__tests__/fake-peer';
import { metricFamilies, parseSamples } from '../__tests__/prometheus-text';

const DASHBOARD = path.join(REPO_ROOT, 'deploy/grafana/federation-dashboard.json');

type Panel = { id: number; type: string; title: string; targets?: { expr?: string; refId?: string }[]; gridPos?: unknown };
type Dashboard = { uid: string; title: string; panels: Panel[] };

const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'and', 'or', 'unless', 'inf', 'nan']);

/** The metric names a PromQL expression reads (not functions, keywords, labels or numbers). */
function metricNamesOf(expr: string): string[] {
  let s = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' '); // strings
  s = s.replace(/\{[^}]*\}/g, ' '); // label matchers
  s = s.replace(/\[[^\]]*\]/g, ' '); // ranges and subqueries
  s = s.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' '); // label lists
  const names: string[] = [];
  for (const m of s.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const at = m.index ?? 0;
    if (at > 0 && /[0-9.]/.test(s[at - 1])) continue; // the exponent of a number (1e3)
    if (s.slice(at + m[0].length).trimStart().startsWith('(')) continue; // a function or an aggregation
    if (PROMQL_WORDS.has(m[0].toLowerCase())) continue;
    names.push(m[0]);
  }
  return [...new Set(names)];
}

/** Is `name` exported, directly or as a histogram's / summary's _bucket, _sum or _count series? */
function isExported(name: string, families: ReadonlyMap<string, string>): boolean {
  if (families.has(name)) return true;
  const m = /^(.*)_(bucket|sum|count)$/.exec(name);
  if (!m) return false;
  const type = families.get(m[1]);
  return m[2] === 'bucket' ? type === 'histogram' : type === 'histogram' || type === 'summary';
}

describe('deploy/grafana/federation-dashboard.json', () => {
  const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8')) as Dashboard;
  const graphs = dashboard.panels.filter((p) => p.type !== 'row');

  test('the PromQL reader finds metric names and only them', () => {
    expect(metricNamesOf('histogram_quantile(0.99, sum by (le, route) (rate(a_seconds_bucket{job=~"$job", x="y{z}"}[5m])))')).toEqual(['a_seconds_bucket']);
    expect(metricNamesOf('count(up_a{job="j"} == 0) or vector(0)')).toEqual(['up_a']);
    expect(metricNamesOf('sum(x_total) / sum without (code) (y_total) * 1e3 > bool 2')).toEqual(['x_total', 'y_total']);
    expect(metricNamesOf('max(avg_over_time(m[1m] offset 5m)) by (instance)')).toEqual(['m']);
  });

  test('a well-formed dashboard: unique panel ids, every panel placed and querying at least one metric', () => {
    expect(dashboard.uid).toBe('service-center-federation');
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(graphs.length).toBeGreaterThan(0);
    for (const p of graphs) {
      expect(p.gridPos).toBeDefined();
      expect(p.targets?.length).toBeGreaterThan(0);
      for (const t of p.targets ?? []) expect({ panel: p.title, readsAMetric: metricNamesOf(t.expr ?? '').length > 0 }).toEqual({ panel: p.title, readsAMetric: true });
    }
  });

  test('every metric a panel reads is exported by a running server with a peer; peers, lag, conflicts, stale instances and quarantine are all shown', async () => {
    const peer = new FakePeer();
    await peer.start();
    const server = await startTestServer({ clusterName: 'sc1', clusters: [{ name: 'sc2', urls: [peer.url] }], peerTimeout: 1 });
    try {
      let text = '';
      for (let i = 0; i < 100 && !/^sc_peer_up\{.*\} 1$/m.test(text); i++) {
        await new Promise((r) => setTimeout(r, 50));
        text = await (await fetch(`${server.url}/metrics`)).text();
      }
      expect(text).toMatch(/^sc_peer_up\{peer="sc2",mode="stream"\} 1$/m);
      const families = metricFamilies(text);
      const exportedSamples = new Set(parseSamples(text).map((s) => s.name));
      const used = new Map<string, string[]>();
      for (const p of graphs) for (const t of p.targets ?? []) for (const n of metricNamesOf(t.expr ?? '')) used.set(n, [...(used.get(n) ?? []), p.title]);
      const missing = [...used].filter(([n]) => !isExported(n, families)).map(([n, panels]) => `${n} (${panels.join(', ')})`);
      expect(missing).toEqual([]);
      for (const topic of ['sc_peer_up', 'sc_peer_sync_lag_seconds', 'sc_conflicts', 'sc_merged_instances', 'sc_source_quarantined']) {
        expect(used.has(topic)).toBe(true);
        expect(exportedSamples.has(topic)).toBe(true);
      }
    } finally {
      await server.stop();
      await peer.stop();
    }
  });
});
