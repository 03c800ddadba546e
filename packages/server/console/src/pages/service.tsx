import type { MicroService, Schema } from '@service-center/core';
import { useLive } from '../live';
import { ownProperties, loadService } from '../model/service';
import { schemaDoc } from '../model/schema-doc';
import { conflictsOf, useConflictMarks } from '../model/conflicts';
import { href } from '../router';
import { Badge, Problem, Section, ago, statusTone } from '../components/ui';

function ServiceLinks(props: { rows: readonly MicroService[]; none: string }) {
  if (props.rows.length === 0) return <p class="muted">{props.none}</p>;
  return (
    <ul class="plain">
      {props.rows.map((r) => (
        <li key={r.serviceId ?? ''}>
          <a href={href(`services/${encodeURIComponent(r.serviceId ?? '')}`)}>
            {r.serviceName} {r.version}
          </a>{' '}
          <span class="muted">{r.appId}</span>
        </li>
      ))}
    </ul>
  );
}

function SchemaView(props: { schema: Schema }) {
  const s = props.schema;
  const doc = s.schema ? schemaDoc(s.schema) : undefined;
  return (
    <details class="schema">
      <summary>
        <strong>{s.schemaId}</strong> {doc ? <span class="muted">{[doc.title, doc.version].filter((x) => x).join(' ')} · {doc.operations.length} operations</span> : null}
      </summary>
      {doc && doc.operations.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Method</th>
              <th scope="col">Path</th>
              <th scope="col">Operation</th>
            </tr>
          </thead>
          <tbody>
            {doc.operations.map((o) => (
              <tr key={`${o.method} ${o.path}`}>
                <td>
                  <code>{o.method}</code>
                </td>
                <td>
                  <code>
                    {doc.basePath}
                    {o.path}
                  </code>
                </td>
                <td>{o.operationId || o.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {s.schema ? <pre class="raw">{s.schema}</pre> : <p class="muted">No content held for this schema.</p>}
    </details>
  );
}

/** One service of the merged view: versions, instances by origin cluster, schemas, tags and dependencies. */
export function ServicePage(props: { serviceId: string; cluster: string }) {
  const live = useLive((signal) => loadService(props.serviceId, props.cluster, signal), `service:${props.serviceId}`);
  const conflicts = useConflictMarks();
  const d = live.data;
  if (d === undefined) {
    return (
      <div>
        <h1>Service</h1>
        <Problem error={live.error} />
        {live.error === '' ? <p aria-busy="true">Loading…</p> : null}
      </div>
    );
  }
  const s = d.service;
  const tags = Object.entries(d.tags);
  return (
    <div>
      <h1>
        {s.serviceName} <span class="muted">{s.version}</span>
      </h1>
      <Problem error={live.error} />
      <dl class="facts">
        <dt>App</dt>
        <dd>{s.appId}</dd>
        <dt>Environment</dt>
        <dd>{s.environment || '(none)'}</dd>
        <dt>Service id</dt>
        <dd>
          <code>{s.serviceId}</code>
        </dd>
        <dt>Registered in</dt>
        <dd>{d.clusters.join(', ')}</dd>
        <dt>Status</dt>
        <dd>
          <Badge tone={statusTone(s.status ?? '')}>{s.status ?? 'UP'}</Badge>
          {d.row && conflictsOf(conflicts, d.row).length > 0 ? (
            <>
              {' '}
              <a href={href('conflicts')}>
                <Badge tone="bad">conflict</Badge>
              </a>
            </>
          ) : null}
        </dd>
        {s.description ? (
          <>
            <dt>Description</dt>
            <dd>{s.description}</dd>
          </>
        ) : null}
        {s.framework?.name ? (
          <>
            <dt>Framework</dt>
            <dd>
              {s.framework.name} {s.framework.version}
            </dd>
          </>
        ) : null}
      </dl>
      <Section title="Versions" id="versions-h">
        <ul class="plain inline">
          {d.versions.map((v) => (
            <li key={v.serviceId}>
              {v.serviceId === s.serviceId ? (
                <strong aria-current="page">{v.version}</strong>
              ) : (
                <a href={href(`services/${encodeURIComponent(v.serviceId)}`)}>{v.version}</a>
              )}
            </li>
          ))}
        </ul>
      </Section>
      <Section title={`Instances (${d.instances.length})`} id="instances-h">
        {d.instances.length === 0 ? (
          <p class="muted">No instance.</p>
        ) : (
          <div class="scroll">
            <table data-testid="instances">
              <thead>
                <tr>
                  <th scope="col">Instance</th>
                  <th scope="col">Cluster</th>
                  <th scope="col">Status</th>
                  <th scope="col">Endpoints</th>
                  <th scope="col">Freshness</th>
                  <th scope="col">Properties</th>
                </tr>
              </thead>
              <tbody>
                {d.instances.map((r) => (
                  <tr key={r.instance.instanceId}>
                    <th scope="row">
                      {r.instance.hostName} <code class="muted">{r.instance.instanceId}</code>
                    </th>
                    <td>{r.origin}</td>
                    <td>
                      <Badge tone={statusTone(r.instance.status ?? '')}>{r.instance.status ?? 'UP'}</Badge>
                    </td>
                    <td>
                      {(r.instance.endpoints ?? []).map((e) => (
                        <div key={e}>
                          <code>{e}</code>
                        </div>
                      ))}
                    </td>
                    <td>
                      {r.demoted ? <Badge tone="bad">demoted</Badge> : r.stale ? <Badge tone="warn">stale</Badge> : <Badge tone="ok">fresh</Badge>}
                      {r.lastConfirmed ? <span class="muted"> confirmed {ago(r.lastConfirmed)}</span> : null}
                    </td>
                    <td class="props">{ownProperties(r.instance).map(([k, v]) => `${k}=${v}`).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <Section title="Tags" id="tags-h">
        {tags.length === 0 ? (
          <p class="muted">No tags.</p>
        ) : (
          <ul class="plain inline">
            {tags.map(([k, v]) => (
              <li key={k}>
                <Badge tone="info">
                  {k}={v}
                </Badge>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <div class="columns">
        <Section title="Providers (it calls)" id="providers-h">
          <ServiceLinks rows={d.providers} none="Calls no service." />
        </Section>
        <Section title="Consumers (call it)" id="consumers-h">
          <ServiceLinks rows={d.consumers} none="No service calls it." />
        </Section>
      </div>
      <Section title={`Schemas (${d.schemas.length})`} id="schemas-h">
        {d.schemas.length === 0 ? <p class="muted">No schema.</p> : d.schemas.map((sc) => <SchemaView key={sc.schemaId} schema={sc} />)}
      </Section>
    </div>
  );
}
