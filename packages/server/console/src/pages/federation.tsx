import { ClustersResponse, SourceItem, SourcesResponse } from '@service-center/core';
import { useState } from 'preact/hooks';
import { V4, getJson, postJson } from '../api';
import { useLive } from '../live';
import { AlarmsResponse } from '../wire';
import { Badge, Problem, Section, ago, statusTone } from '../components/ui';

type FederationData = Readonly<{ sources: readonly SourceItem[]; clusters: Readonly<Record<string, readonly string[]>>; alarms: AlarmsResponse['alarms'] }>;

async function loadFederation(signal: AbortSignal): Promise<FederationData> {
  const [sources, clusters, alarms] = await Promise.all([
    getJson(`${V4}/admin/sources`, SourcesResponse, signal),
    getJson(`${V4}/admin/clusters`, ClustersResponse, signal),
    getJson(`${V4}/admin/alarms`, AlarmsResponse, signal),
  ]);
  return { sources: sources.sources ?? [], clusters: clusters.clusters ?? {}, alarms: alarms.alarms ?? [] };
}

function lagText(s: SourceItem): string {
  const lag = s.peer?.lag;
  if (s.kind !== 'servicecenter') return '—';
  if (lag === undefined) return 'not synced';
  return s.peer?.mode === 'stream' && lag === 0 ? 'streaming' : `${(lag / 1000).toFixed(1)} s`;
}

function QuarantineCell(props: { source: SourceItem; onReleased(): void }) {
  const { source: s } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  if (!s.quarantined) return <span class="muted">no</span>;
  const q = s.quarantine;
  const release = async () => {
    setBusy(true);
    setError('');
    try {
      await postJson(`${V4}/admin/sources/${encodeURIComponent(s.cluster ?? '')}/release?kind=${encodeURIComponent(s.kind ?? '')}`, {});
      props.onReleased();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="quarantine">
      <Badge tone="warn">quarantined</Badge>{' '}
      {q ? (
        <span class="muted">
          {q.withdrawn ?? 0} of {q.of ?? 0} withdrawn, {q.heldInstances ?? 0} held, {q.confirmations ?? 0}/{q.needed ?? 0} confirmations
        </span>
      ) : null}{' '}
      <button type="button" onClick={() => void release()} disabled={busy} aria-label={`Release the quarantine of ${s.cluster ?? ''}`}>
        Release
      </button>
      <Problem error={error} />
    </div>
  );
}

export function FederationPage(props: { cluster: string }) {
  const live = useLive(loadFederation, 'federation', 1000);
  const d = live.data;
  return (
    <div>
      <h1>Federation</h1>
      <p class="muted">
        This server is cluster <strong>{props.cluster}</strong>. Each row is one source of the merged view.
      </p>
      <Problem error={live.error} />
      {d === undefined ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        <>
          <div class="scroll">
            <table data-testid="sources">
              <caption class="sr-only">Sources of the merged view</caption>
              <thead>
                <tr>
                  <th scope="col">Cluster</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Status</th>
                  <th scope="col">Lag</th>
                  <th scope="col">Last confirmed</th>
                  <th scope="col">Services</th>
                  <th scope="col">Instances</th>
                  <th scope="col">Quarantine</th>
                  <th scope="col">Last error</th>
                </tr>
              </thead>
              <tbody>
                {d.sources.map((s) => (
                  <tr key={s.source}>
                    <th scope="row">
                      {s.cluster}
                      {s.cluster === props.cluster ? <span class="muted"> (this server)</span> : null}
                    </th>
                    <td>{s.kind === 'servicecenter' ? `peer${s.peer?.mode ? ` (${s.peer.mode})` : ''}` : s.kind}</td>
                    <td>
                      <Badge tone={statusTone(s.status ?? '')}>{s.status}</Badge>
                      {s.health?.status && s.health.status !== 'fresh' ? <Badge tone="bad">{s.health.status}</Badge> : null}
                    </td>
                    <td>{lagText(s)}</td>
                    <td title={s.lastConfirmed}>{ago(s.lastConfirmed)}</td>
                    <td class="num">{s.services ?? 0}</td>
                    <td class="num">{s.instances ?? 0}</td>
                    <td>
                      <QuarantineCell source={s} onReleased={live.reload} />
                    </td>
                    <td class="error-text">{s.peer?.lastError ? `${s.peer.lastError.reason} (${s.peer.lastError.url})` : s.k8s?.lastError || ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Section title="Clusters" id="clusters-h">
            <ul class="plain">
              {Object.entries(d.clusters).map(([name, urls]) => (
                <li key={name}>
                  <strong>{name}</strong> <span class="muted">{urls.join(', ')}</span>
                </li>
              ))}
            </ul>
          </Section>
          <Section title="Alarms" id="alarms-h">
            {d.alarms === undefined || d.alarms.length === 0 ? (
              <p class="muted">No alarms.</p>
            ) : (
              <ul class="plain" data-testid="alarms">
                {d.alarms.map((a) => (
                  <li key={a.id}>
                    <Badge tone={a.status === 'ACTIVATED' ? 'bad' : 'muted'}>{a.status}</Badge> <strong>{a.id}</strong>{' '}
                    <span class="muted">{Object.entries(a.fields ?? {}).map(([k, v]) => `${k}: ${v}`).join('; ')}</span>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </>
      )}
    </div>
  );
}
