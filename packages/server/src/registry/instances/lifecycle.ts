import * as E from 'fp-ts/Either';
import { HeartbeatSetElement, InstanceHbResult, Rules, ScCodes, ScError, Tenant, scError, validateField } from '@service-center/core';
import type { RegistryDeps } from '../deps';
import { renewInstanceLease, revokeInstanceLease } from './leases';

function validIds(serviceId: string, instanceId: string): E.Either<ScError, void> {
  const s = validateField('HeartbeatRequest', Rules.ServiceIdRule, serviceId);
  return E.isLeft(s) ? s : validateField('HeartbeatRequest', Rules.InstanceIdRule, instanceId);
}

/** Unregister = revoke the lease: the instance and lease keys go, watchers get DELETE. */
export async function unregisterInstance(
  deps: RegistryDeps,
  tenant: Tenant,
  serviceId: string,
  instanceId: string,
): Promise<E.Either<ScError, void>> {
  const v = validIds(serviceId, instanceId);
  return E.isLeft(v) ? v : revokeInstanceLease(deps, tenant, serviceId, instanceId);
}

/** Heartbeat = renew the lease to its full TTL; 400017 when the instance is gone. */
export async function heartbeat(
  deps: RegistryDeps,
  tenant: Tenant,
  serviceId: string,
  instanceId: string,
): Promise<E.Either<ScError, void>> {
  const v = validIds(serviceId, instanceId);
  return E.isLeft(v) ? v : renewInstanceLease(deps, tenant, serviceId, instanceId);
}

/** The per-item text SC puts in errMessage: its message, then the detail in brackets. */
function errMessageOf(err: ScError): string {
  return err.detail ? `${err.message}(${err.detail})` : err.message;
}

/**
 * `PUT /registry/heartbeats`: one result per distinct (serviceId, instanceId), with an
 * errMessage on failure; the call itself succeeds (v2.1+). Empty -> 400001.
 */
export async function heartbeatSet(
  deps: RegistryDeps,
  tenant: Tenant,
  items: readonly HeartbeatSetElement[],
): Promise<E.Either<ScError, InstanceHbResult[]>> {
  if (items.length === 0) return E.left(scError(ScCodes.InvalidParams, 'Request format invalid.'));
  const seen = new Set<string>();
  const results: InstanceHbResult[] = [];
  for (const item of items) {
    const serviceId = item.serviceId ?? '';
    const instanceId = item.instanceId ?? '';
    const key = JSON.stringify([serviceId, instanceId]);
    if (seen.has(key)) continue;
    seen.add(key);
    const r = await heartbeat(deps, tenant, serviceId, instanceId);
    if (E.isLeft(r) && r.left.code >= 500000) return r;
    results.push(E.isLeft(r) ? { serviceId, instanceId, errMessage: errMessageOf(r.left) } : { serviceId, instanceId });
  }
  return E.right(results);
}
