import type { SourceHealth, SourceKind } from './snapshot';
import { SourceStatus, freshnessOf, statusOf } from './source-state';
import type { View } from './view';
import { compareText } from './internal/compare';

/** Per-source health as data (design rule 7): what `/admin/sources`, metrics and scctl show. */
export type SourceReport = Readonly<{
  /** `cluster/kind`, the source's name in the view. */
  source: string;
  cluster: string;
  kind: SourceKind;
  health: SourceHealth;
  status: SourceStatus;
  quarantined: boolean;
  quarantine:
    | Readonly<{ since: number; confirmations: number; needed: number; withdrawn: number; of: number; heldInstances: number }>
    | undefined;
  services: number;
  instances: number;
}>;

export function sourceStatesOf(view: View): SourceReport[] {
  const out: SourceReport[] = [];
  for (const [key, s] of view.sources) {
    const q = s.quarantine;
    out.push({
      source: key,
      cluster: s.source.cluster,
      kind: s.source.kind,
      health: s.source.health,
      status: statusOf(freshnessOf(s.source.health, view.policy, view.now)),
      quarantined: q !== undefined,
      quarantine: q && {
        since: q.since,
        confirmations: q.confirmations,
        needed: view.policy.quarantineConfirmations,
        withdrawn: q.withdrawn,
        of: q.of,
        heldInstances: q.held.instanceCount,
      },
      services: s.source.serviceCount,
      instances: s.source.instanceCount,
    });
  }
  return out.sort((a, b) => compareText(a.source, b.source));
}
