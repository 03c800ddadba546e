import { RelationGraph } from '@service-center/core';
import { V4, getJson } from '../api';
import { useLive } from '../live';
import { loadServices } from '../model/services';
import { conflictsOf, useConflictMarks } from '../model/conflicts';
import { NODE_H, NODE_W, layered } from '../model/layout';
import { href } from '../router';
import { Problem } from '../components/ui';

/** Past this many services the drawing keeps only those with a dependency. */
const DRAW_ALL_UP_TO = 60;

const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

type Edge = Readonly<{ consumer: string; provider: string }>;

/** The dependency graph of every cluster, and the service list for each node's clusters and counts. */
async function loadTopology(signal: AbortSignal) {
  const [graph, services] = await Promise.all([getJson(`${V4}/govern/relations?global=true`, RelationGraph, signal), loadServices(signal)]);
  const edges: Edge[] = (graph.lines ?? []).filter((l) => l.from.id !== l.to.id).map((l) => ({ consumer: l.from.id, provider: l.to.id }));
  return { ...services, edges };
}

/** Who calls whom across the federation: consumers on the left, their providers to the right. */
export function TopologyPage() {
  const live = useLive(loadTopology, 'topology');
  const conflicts = useConflictMarks();
  const d = live.data;
  if (d === undefined) {
    return (
      <div>
        <h1>Topology</h1>
        <Problem error={live.error} />
        <p aria-busy="true">Loading…</p>
      </div>
    );
  }
  const linked = new Set(d.edges.flatMap((e) => [e.consumer, e.provider]));
  const rows = d.rows.filter((r) => !r.shared && (d.rows.length <= DRAW_ALL_UP_TO || linked.has(r.serviceId)));
  const layout = layered(
    rows.map((r) => r.serviceId),
    d.edges.map((e) => ({ from: e.consumer, to: e.provider })),
  );
  const byId = new Map(rows.map((r) => [r.serviceId, r]));
  return (
    <div>
      <h1>Topology</h1>
      <Problem error={live.error} />
      <p class="muted">
        {d.edges.length} dependencies between {linked.size} services{rows.length < d.rows.length ? `; ${d.rows.length - rows.length} other services have none and are not drawn` : ''}.
      </p>
      <div class="scroll">
        <svg class="topology" width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`} role="img" aria-label="Dependency graph" data-testid="topology">
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" class="arrow" />
            </marker>
          </defs>
          {d.edges.map((e) => {
            const a = layout.nodes.get(e.consumer);
            const b = layout.nodes.get(e.provider);
            if (!a || !b) return null;
            const x1 = a.x + NODE_W;
            const y1 = a.y + NODE_H / 2;
            const x2 = b.x;
            const y2 = b.y + NODE_H / 2;
            const mid = (x1 + x2) / 2;
            return <path key={`${e.consumer}>${e.provider}`} class="edge" d={`M ${x1} ${y1} C ${mid} ${y1}, ${mid} ${y2}, ${x2} ${y2}`} marker-end="url(#arrow)" />;
          })}
          {[...layout.nodes.values()].map((n) => {
            const r = byId.get(n.id);
            if (!r) return null;
            return (
              <a key={n.id} href={href(`services/${encodeURIComponent(n.id)}`)} aria-label={`${r.serviceName} ${r.version} (${r.clusters.join(', ')})`}>
                <g class={`node${conflictsOf(conflicts, r).length > 0 ? ' conflict' : ''}`} transform={`translate(${n.x} ${n.y})`}>
                  <rect width={NODE_W} height={NODE_H} rx="6" />
                  <text x="8" y="15">
                    {short(`${r.serviceName} ${r.version}`, 24)}
                  </text>
                  <text x="8" y="29" class="sub">
                    {short(`${r.appId} · ${r.clusters.join(', ')} · ${r.instances} inst.`, 28)}
                  </text>
                </g>
              </a>
            );
          })}
        </svg>
      </div>
    </div>
  );
}
