import type { ConflictItem } from '@service-center/core';
import { useLive } from '../live';
import { loadConflicts } from '../model/conflicts';
import { href } from '../router';
import { Problem } from '../components/ui';

function keyText(c: ConflictItem): string {
  const k = c.key;
  if (k === undefined) return c.instanceId ?? c.serviceId ?? '';
  return [k.environment || '(no env)', k.appId, k.serviceName, k.version].filter((x) => x !== undefined).join(' / ');
}

/** Records that disagree across clusters: who disagrees, who won, and why. */
export function ConflictsPage() {
  // Conflicts do not move the merged view: poll them often.
  const live = useLive(loadConflicts, 'conflicts', 1500);
  const list = live.data;
  return (
    <div>
      <h1>Conflicts</h1>
      <Problem error={live.error} />
      {list === undefined ? (
        <p aria-busy="true">Loading…</p>
      ) : list.length === 0 ? (
        <p class="muted" data-testid="no-conflicts">
          No conflicts: every cluster agrees on every record.
        </p>
      ) : (
        <div class="scroll">
          <table data-testid="conflicts">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Key</th>
                <th scope="col">Clusters</th>
                <th scope="col">Winner</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {list.map((c, i) => (
                <tr key={`${c.kind}:${keyText(c)}:${i}`}>
                  <td>{c.kind}</td>
                  <td>
                    {c.winnerServiceId || c.serviceId ? <a href={href(`services/${encodeURIComponent(c.winnerServiceId ?? c.serviceId ?? '')}`)}>{keyText(c)}</a> : keyText(c)}
                    {c.instanceId ? <code class="muted"> {c.instanceId}</code> : null}
                  </td>
                  <td>{c.clusters.join(', ')}</td>
                  <td>
                    <strong>{c.winner}</strong>
                  </td>
                  <td>
                    {c.reason}
                    {c.fields && c.fields.length > 0 ? <span class="muted"> ({c.fields.join(', ')})</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
