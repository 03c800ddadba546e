import type { WebSocket } from 'ws';
import * as E from 'fp-ts/Either';
import { ScCodes, Tenant, etcdKey } from '@service-center/core';
import type { RegistryDeps } from '../deps';
import { renewInstanceLease } from '../instances/leases';

/** cari's ErrWebsocketInstanceNotExists. */
export const INSTANCE_GONE_CLOSE = 4001;
export const INSTANCE_GONE_TEXT = 'heartbeat reporting failed because the instance does not exist';

/** SC keeps the ping interval within 1 s .. 1 h, else 30 s. */
export function heartbeatPingMs(requested: number | undefined): number {
  return requested !== undefined && requested >= 1000 && requested <= 3_600_000 ? requested : 30_000;
}

/**
 * Heartbeat over a websocket (SC's server/service/heartbeat/websocket.go): the server pings, and every Pong renews the
 * instance's lease. A missing instance closes the socket with 4001.
 */
export function serveHeartbeat(
  ws: WebSocket,
  ctx: Readonly<{ deps: RegistryDeps; tenant: Tenant; serviceId: string; instanceId: string; pingMs: number }>,
): void {
  const { deps, tenant, serviceId, instanceId } = ctx;
  const gone = () => ws.close(INSTANCE_GONE_CLOSE, INSTANCE_GONE_TEXT);
  if (!deps.store.get(etcdKey.instance(tenant, serviceId, instanceId))) {
    gone();
    return;
  }
  const timer = setInterval(() => ws.ping(), ctx.pingMs);
  timer.unref();
  ws.on('pong', () => {
    renewInstanceLease(deps, tenant, serviceId, instanceId)
      .then((r) => {
        if (E.isLeft(r) && r.left.code === ScCodes.InstanceNotExists) gone();
        else if (E.isLeft(r)) deps.log.warn({ err: r.left, serviceId, instanceId }, 'websocket heartbeat failed');
      })
      .catch((err: unknown) => deps.log.error({ err, serviceId, instanceId }, 'websocket heartbeat failed'));
  });
  ws.on('close', () => clearInterval(timer));
  ws.on('error', () => clearInterval(timer));
}
