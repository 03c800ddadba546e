import Router from '@koa/router';
import { ScCodes, SyncerHealthResponse, SyncerPeer, scError } from '@service-center/core';
import type { PeerStatus } from '../sources/servicecenter/peer-sync';
import { ScFailure } from '../http/sc-failure';

export type PeerStatuses = () => readonly PeerStatus[];

function syncerPeerOf(p: PeerStatus): SyncerPeer {
  return { name: p.name, kind: 'servicecenter', mode: [p.mode], endpoints: [...p.urls], status: p.ok ? 'CONNECTED' : 'ABNORMAL' };
}

/**
 * Service-Center's syncer health (`GET /v1/syncer/health`, no credentials needed): each peer,
 * how it is synced (our change stream or dump pulls) and whether it answers right now.
 * With no peer, Service-Center's 500 "sync config is empty".
 */
export function syncerRoutes(peers: PeerStatuses): Router {
  const router = new Router();
  router.get('/v1/syncer/health', (ctx) => {
    const list = peers();
    if (list.length === 0) {
      throw new ScFailure(
        scError(ScCodes.Internal, 'sync config is empty: this server has no peers to sync with; list them with --clusters (and keep servicecenter in --aggregate)'),
      );
    }
    ctx.body = SyncerHealthResponse.encode({ peers: list.map(syncerPeerOf) });
  });
  return router;
}
