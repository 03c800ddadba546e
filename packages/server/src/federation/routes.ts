import Router from '@koa/router';
import { ChangesResponse, ClustersResponse, Conflict, ConflictsResponse, ScCodes, SourceItem, SourceKind, SourcesResponse, scError } from '@service-center/core';
import type { Federation } from './federation';
import { globalReadRoutes } from './global-reads';
import { syncerRoutes } from './syncer-routes';
import { answer, queryText, tenantOf } from '../http/request-context';
import { ScFailure } from '../http/sc-failure';
import { readerOf } from '../http/peer-reader';
import type Koa from 'koa';

const MAX_WAIT_S = 60;

function requireDefaultTenant(ctx: Koa.Context): void {
  const t = tenantOf(ctx);
  if (t.domain !== 'default' || t.project !== 'default') {
    throw new ScFailure(scError(ScCodes.Forbidden, 'Required admin permission'));
  }
}

function intQuery(ctx: Koa.Context, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const text = queryText(ctx, name);
  if (text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) > max) {
    throw new ScFailure(scError(ScCodes.InvalidParams, `query parameter '${name}' must be a whole number <= ${max}, got '${text}'`));
  }
  return Number(text);
}

/** The row of a source that has no snapshot in the view yet (never synced). */
function notSyncedYet(cluster: string, kind: SourceKind, extra: Pick<SourceItem, 'peer' | 'k8s'>): SourceItem {
  return {
    source: `${cluster}/${kind}`,
    cluster,
    kind,
    health: { status: 'unreachable', lastConfirmed: 0 },
    status: 'stale',
    quarantined: false,
    quarantine: undefined,
    services: 0,
    instances: 0,
    lastConfirmed: '',
    ...extra,
  };
}

function conflictBody(c: Conflict) {
  const { id: _id, ...rest } = c;
  return rest;
}

/**
 * What the merged view adds to the admin API: the peer change stream, per-source health,
 * conflicts, quarantine release and the cluster list (this server included); and
 * Service-Center's syncer health over the same peers.
 */
export function federationRoutes(fed: Federation): Router {
  const router = new Router();
  router.use(globalReadRoutes(fed).routes());
  router.use(syncerRoutes(() => fed.peerStatuses()).routes());

  router.get('/v4/:project/admin/clusters', (ctx) => {
    answer(ctx, ClustersResponse, { clusters: fed.clusters() });
  });

  /** Our peer protocol: `?epoch=&since=N&wait=S` long poll over the merged view's changes. */
  router.get('/v4/:project/admin/changes', async (ctx) => {
    requireDefaultTenant(ctx);
    const since = intQuery(ctx, 'since', 0);
    const wait = intQuery(ctx, 'wait', 0, MAX_WAIT_S);
    const limit = intQuery(ctx, 'limit', 10_000, 100_000);
    const aborted = new AbortController();
    ctx.req.on('close', () => aborted.abort());
    const reader = readerOf(ctx);
    const scope = () => fed.exportScope(reader);
    answer(ctx, ChangesResponse, await fed.feed.read(queryText(ctx, 'epoch'), since, wait * 1000, limit, aborted.signal, scope));
  });

  router.get('/v4/:project/admin/sources', (ctx) => {
    const peers = new Map(fed.peerStatuses().map((p) => [p.name, p]));
    const reports = fed.aggregator.sources();
    const sources: SourceItem[] = reports.map((r) => ({
      ...r,
      lastConfirmed: new Date(r.health.lastConfirmed).toISOString(),
      peer: r.kind === 'servicecenter' ? peers.get(r.cluster) : undefined,
      k8s: r.kind === 'k8s' ? fed.k8s?.status() : undefined,
    }));
    // Peers never reached yet have no snapshot in the view; list them too.
    for (const p of peers.values()) {
      if (!reports.some((r) => r.kind === 'servicecenter' && r.cluster === p.name)) {
        sources.push(notSyncedYet(p.name, 'servicecenter', { peer: p, k8s: undefined }));
      }
    }
    // A Kubernetes API not synced yet has no snapshot either.
    const k8s = fed.k8s;
    if (k8s && !reports.some((r) => r.kind === 'k8s')) {
      sources.push(notSyncedYet(k8s.id.cluster, 'k8s', { peer: undefined, k8s: k8s.status() }));
    }
    answer(ctx, SourcesResponse, { sources });
  });

  router.get('/v4/:project/admin/conflicts', (ctx) => {
    const conflicts = fed.aggregator.conflicts().map(conflictBody);
    answer(ctx, ConflictsResponse, conflicts.length > 0 ? { conflicts } : {});
  });

  /** Accept a quarantined withdrawal now (an operator's decision). */
  router.post('/v4/:project/admin/sources/:cluster/release', (ctx) => {
    requireDefaultTenant(ctx);
    const kind = (queryText(ctx, 'kind') || 'servicecenter') as SourceKind;
    if (!fed.aggregator.releaseQuarantine({ cluster: ctx.params.cluster, kind })) {
      throw new ScFailure(scError(ScCodes.InvalidParams, `source ${ctx.params.cluster}/${kind} is not quarantined`));
    }
    ctx.status = 200;
    ctx.type = 'text/plain; charset=UTF-8';
    ctx.body = '';
  });

  return router;
}
