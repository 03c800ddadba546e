import { useMemo } from 'preact/hooks';
import { useLive } from '../live';
import { filterRows, loadServices } from '../model/services';
import { conflictsOf, useConflictMarks } from '../model/conflicts';
import { href, navigate } from '../router';
import { Badge, Pager, Problem } from '../components/ui';

const PAGE_SIZE = 50;

const distinct = (values: readonly string[]) => [...new Set(values)].sort();

/** The merged view's services, filtered by app, environment and name, one page at a time. */
export function ServicesPage(props: { query: URLSearchParams }) {
  const live = useLive(loadServices, 'services');
  const conflicts = useConflictMarks();
  const q = props.query;
  const filter = { app: q.get('app') ?? '', env: q.get('env') ?? '', name: q.get('name') ?? '', shared: q.get('shared') === '1' };
  const page = Math.max(1, Number(q.get('page') ?? '1') || 1);
  const setQuery = (changes: Record<string, string>) => {
    const next = new URLSearchParams(q);
    for (const [k, v] of Object.entries(changes)) {
      if (v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    const text = next.toString();
    navigate(`services${text ? `?${text}` : ''}`, true);
  };
  const rows = live.data?.rows ?? [];
  const clusters = live.data?.clusters ?? [];
  const apps = useMemo(() => distinct(rows.map((r) => r.appId)), [rows]);
  const envs = useMemo(() => distinct(rows.map((r) => r.environment)), [rows]);
  const shown = filterRows(rows, filter);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const current = Math.min(page, pages);
  const slice = shown.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);
  return (
    <div>
      <h1>Services</h1>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Name
          <input type="search" value={filter.name} placeholder="filter by name" onInput={(e) => setQuery({ name: e.currentTarget.value })} />
        </label>
        <label>
          App
          <select value={filter.app} onChange={(e) => setQuery({ app: e.currentTarget.value })}>
            <option value="">all</option>
            {apps.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Environment
          <select value={filter.env} onChange={(e) => setQuery({ env: e.currentTarget.value })}>
            <option value="">all</option>
            {envs.map((v) => (
              <option key={v} value={v}>
                {v === '' ? '(none)' : v}
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <input type="checkbox" checked={filter.shared} onChange={(e) => setQuery({ shared: e.currentTarget.checked ? '1' : '' })} />
          Service-Center's own
        </label>
      </form>
      <Problem error={live.error} />
      {live.data === undefined ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        <>
          <div class="scroll">
            <table data-testid="services">
              <caption class="sr-only">Services</caption>
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  <th scope="col">Version</th>
                  <th scope="col">App</th>
                  <th scope="col">Env</th>
                  {clusters.map((c) => (
                    <th scope="col" key={c} class="num">
                      {c}
                    </th>
                  ))}
                  <th scope="col" class="num">
                    Total
                  </th>
                  <th scope="col">Marks</th>
                </tr>
              </thead>
              <tbody>
                {slice.map((r) => {
                  const marks = conflictsOf(conflicts, r);
                  return (
                    <tr key={r.serviceId}>
                      <th scope="row">
                        <a href={href(`services/${encodeURIComponent(r.serviceId)}`)}>{r.serviceName}</a>
                      </th>
                      <td>{r.version}</td>
                      <td>{r.appId}</td>
                      <td>{r.environment}</td>
                      {clusters.map((c) => (
                        <td key={c} class="num">
                          {r.instancesByCluster[c] ?? 0}
                        </td>
                      ))}
                      <td class="num">{r.instances}</td>
                      <td>
                        {marks.length > 0 ? (
                          <Badge tone="bad" title={marks.map((c) => `${c.kind}: ${c.reason}`).join('\n')}>
                            conflict
                          </Badge>
                        ) : null}
                        {r.clusters.length > 1 ? <Badge tone="info">in {r.clusters.length} clusters</Badge> : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {shown.length === 0 ? <p class="muted">No service matches.</p> : null}
          <Pager page={current} pages={pages} total={shown.length} onPage={(p) => setQuery({ page: String(p) })} />
        </>
      )}
    </div>
  );
}
