import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/Either';
import {
  MicroServiceInstance,
  StoredValueOf,
  Rules,
  ScCodes,
  ScError,
  Tenant,
  instanceIdFromUuid,
  keyScope,
  leaseTtlSeconds,
  scError,
  validateObject,
  normalizeHealthCheck,
} from '@service-center/core';
import { RegistryDeps, quotasOf, unixSecondsText } from '../deps';
import { getService, putRow } from '../tables';
import { limitsOf, renewInstanceLease } from './leases';
import { storeCall } from '../txn';

export type RegisterOptions = Readonly<{
  /** SC's own registration skips the quota check. */
  skipQuota?: boolean;
}>;

/**
 * Register an instance of `serviceId`. A supplied instanceId is first treated as
 * a heartbeat: if that instance is alive its stored data stays as it is and the same id is
 * answered; otherwise it is created with that id.
 */
export async function registerInstance(
  deps: RegistryDeps,
  tenant: Tenant,
  serviceId: string,
  instance: MicroServiceInstance,
  options: RegisterOptions = {},
): Promise<E.Either<ScError, { instanceId: string }>> {
  const given: MicroServiceInstance = { ...instance, serviceId };
  const valid = validateObject(Rules.RegisterInstanceRules, given);
  if (E.isLeft(valid)) return valid;
  const service = getService(deps.store, tenant, serviceId);
  if (!service) return E.left(scError(ScCodes.ServiceNotExists, "Invalid 'serviceID' in request body."));

  if (given.instanceId) {
    const beat = await renewInstanceLease(deps, tenant, serviceId, given.instanceId);
    if (E.isRight(beat)) return E.right({ instanceId: given.instanceId });
    if (beat.left.code !== ScCodes.InstanceNotExists) return beat;
  }
  const limits = limitsOf(deps);
  if (!options.skipQuota) {
    const used = deps.store.count(keyScope.tenant('instance', tenant));
    const quota = quotasOf(deps).instances;
    if (used + 1 > quota) {
      return E.left(scError(ScCodes.NotEnoughQuota, `no quota to apply for 1 instance; ${used} of ${quota} used (--quota-instances)`));
    }
  }

  const instanceId = given.instanceId || instanceIdFromUuid(randomUUID());
  const healthCheck = normalizeHealthCheck(given.healthCheck, limits);
  const now = unixSecondsText(deps.now());
  const record: StoredValueOf<'instance'> = {
    ...given,
    instanceId,
    serviceId,
    status: given.status || 'UP',
    healthCheck,
    timestamp: now,
    modTimestamp: now,
    version: service.service.version ?? '',
    properties: { ...(given.properties ?? {}) },
  };
  const lease = await storeCall(deps, 'grant lease', () => deps.store.grantLease(leaseTtlSeconds(healthCheck)));
  if (E.isLeft(lease)) return lease;
  const put = await storeCall(deps, 'put instance', () =>
    deps.store.txn({
      success: [
        { ...putRow('instance', record, tenant, serviceId, instanceId), lease: lease.right },
        { ...putRow('lease', String(lease.right), tenant, serviceId, instanceId), lease: lease.right },
      ],
    }),
  );
  if (E.isLeft(put)) {
    await deps.store.revokeLease(lease.right).catch(() => false);
    return put;
  }
  return E.right({ instanceId });
}
