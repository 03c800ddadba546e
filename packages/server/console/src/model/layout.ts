/** A node placed on the topology drawing. */
export type Placed = Readonly<{ id: string; x: number; y: number; column: number }>;

export type Layout = Readonly<{ nodes: ReadonlyMap<string, Placed>; width: number; height: number }>;

export const NODE_W = 170;
export const NODE_H = 36;
const GAP_X = 90;
const GAP_Y = 18;
const PAD = 16;

/**
 * Layered drawing: consumers left of their providers. A node's column is the longest chain
 * of consumers above it (cycles are cut where they close), rows follow input order.
 */
export function layered(ids: readonly string[], edges: readonly Readonly<{ from: string; to: string }>[]): Layout {
  const into = new Map<string, string[]>();
  for (const e of edges) into.set(e.to, [...(into.get(e.to) ?? []), e.from]);
  const column = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (id: string): number => {
    const known = column.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const d = Math.max(-1, ...(into.get(id) ?? []).map(depth)) + 1;
    visiting.delete(id);
    column.set(id, d);
    return d;
  };
  const rows: number[] = [];
  const nodes = new Map<string, Placed>();
  for (const id of ids) {
    const c = depth(id);
    const r = rows[c] ?? 0;
    rows[c] = r + 1;
    nodes.set(id, { id, column: c, x: PAD + c * (NODE_W + GAP_X), y: PAD + r * (NODE_H + GAP_Y) });
  }
  const columns = rows.length;
  const maxRows = Math.max(1, ...rows);
  return { nodes, width: PAD * 2 + columns * NODE_W + Math.max(0, columns - 1) * GAP_X, height: PAD * 2 + maxRows * NODE_H + (maxRows - 1) * GAP_Y };
}
