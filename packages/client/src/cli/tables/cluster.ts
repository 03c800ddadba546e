import { renderTable, sortRows } from './table';

export type ClusterRecord = Readonly<{ cluster: string; endpoints: readonly string[] }>;

export function clusterRecords(clusters: Readonly<Record<string, readonly string[]>>): ClusterRecord[] {
  return Object.entries(clusters)
    .map(([cluster, endpoints]) => ({ cluster, endpoints }))
    .sort((a, b) => (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0));
}

/** `CLUSTER | ENDPOINTS`, one row per cluster (the answering server's own included), sorted. */
export function clusterTable(records: readonly ClusterRecord[]): string {
  return renderTable(['CLUSTER', 'ENDPOINTS'], sortRows(records.map((r) => [r.cluster, r.endpoints.join('\n')])));
}
