import * as E from 'fp-ts/Either';
import {
  HEARTBEAT_DEFAULTS,
  ScError,
  Tenant,
  etcdKey,
  instanceNotExists,
} from '@service-center/core';
import type { InstanceLimits, RegistryDeps } from '../deps';
import { storeCall } from '../txn';
import type { KvStore } from '../../store/kv';
import { readRow } from '../tables';

export const DEFAULT_INSTANCE_LIMITS: InstanceLimits = Object.freeze({
  minInterval: HEARTBEAT_DEFAULTS.minInterval,
  minTimes: HEARTBEAT_DEFAULTS.minTimes,
});

export function limitsOf(deps: RegistryDeps): InstanceLimits {
  return deps.instanceLimits ?? DEFAULT_INSTANCE_LIMITS;
}

/** The lease id stored under the instance's lease key, when there is one. */
export function leaseIdOf(store: KvStore, tenant: Tenant, serviceId: string, instanceId: string): number | undefined {
  const row = readRow(store, 'lease', tenant, serviceId, instanceId);
  const id = row ? Number(row.value) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** Renew an instance's lease to its full TTL; 400017 when the instance or its lease is gone. */
export async function renewInstanceLease(
  deps: RegistryDeps,
  tenant: Tenant,
  serviceId: string,
  instanceId: string,
): Promise<E.Either<ScError, void>> {
  const lease = leaseIdOf(deps.store, tenant, serviceId, instanceId);
  if (lease === undefined || !deps.store.get(etcdKey.instance(tenant, serviceId, instanceId))) {
    return E.left(instanceNotExists(serviceId, instanceId));
  }
  const startNs = process.hrtime.bigint();
  const alive = await storeCall(deps, 'keep-alive', () => deps.store.keepAlive(lease));
  deps.metrics?.heartbeat(E.isRight(alive) && alive.right, startNs);
  if (E.isLeft(alive)) return alive;
  return alive.right ? E.right(undefined) : E.left(instanceNotExists(serviceId, instanceId));
}

/** Revoke an instance's lease (its instance and lease keys go with it); 400017 when gone. */
export async function revokeInstanceLease(
  deps: RegistryDeps,
  tenant: Tenant,
  serviceId: string,
  instanceId: string,
): Promise<E.Either<ScError, void>> {
  const instanceKey = etcdKey.instance(tenant, serviceId, instanceId);
  if (!deps.store.get(instanceKey)) return E.left(instanceNotExists(serviceId, instanceId));
  const lease = leaseIdOf(deps.store, tenant, serviceId, instanceId);
  const revoked = lease === undefined ? E.right(false) : await storeCall(deps, 'revoke lease', () => deps.store.revokeLease(lease));
  if (E.isLeft(revoked)) return revoked;
  if (revoked.right) return E.right(undefined);
  // No live lease (should not happen with a consistent store): delete the keys directly.
  const deleted = await storeCall(deps, 'delete instance', () =>
    deps.store.txn({
      success: [
        { kind: 'delete', key: instanceKey },
        { kind: 'delete', key: etcdKey.lease(tenant, serviceId, instanceId) },
      ],
    }),
  );
  return E.isLeft(deleted) ? deleted : E.right(undefined);
}
