import * as E from 'fp-ts/Either';
import { FieldRule, Rules, ScCodes, ScError, Tenant, aliasKeyOf, etcdKey, keyScope, scError, serviceKeyOf } from '@service-center/core';
import type { RegistryDeps } from '../deps';
import { StoredService, countInstances, getService, readRow, rowsUnder } from '../tables';
import { consumerDeletionOps, consumerKeyOf, consumersOf } from '../dependencies/rules';
import type { KvOp } from '../../store/kv';
import { checkFields, errorText, isSelfService, serviceNotFound } from '../common';
import { retryingTxn, unchangedSince } from '../txn';
import { gcSchemaContents } from '../schemas/schemas';

export type DeleteResult = Readonly<{ serviceId: string; errMessage?: string }>;

const BATCH_IDS_RULE: FieldRule = {
  field: 'serviceIds',
  goName: 'ServiceIds',
  kind: 'array',
  rule: { min: 1, regexp: Rules.BatchServiceIdRule.rule.regexp },
};

/** Why a non-forced delete must not happen: consumers other than itself, or instances. */
function blockedBy(deps: RegistryDeps, tenant: Tenant, s: StoredService): ScError | undefined {
  const id = s.service.serviceId;
  if (consumersOf(deps.store, tenant, s.service).some((c) => c.serviceId !== id)) {
    return scError(ScCodes.DependedOnConsumer, 'Can not delete this service, other service rely it.');
  }
  if (countInstances(deps.store, tenant, id) > 0) {
    return scError(ScCodes.DeployedInstance, 'Can not delete the service deployed instance(s).');
  }
  return undefined;
}

/** Every key of a service: index, alias, the service, its schemas, tags, instances, its rules as a consumer. */
function deletionOps(deps: RegistryDeps, tenant: Tenant, s: StoredService): KvOp[] {
  const id = s.service.serviceId;
  const ops: KvOp[] = [
    { kind: 'delete', key: etcdKey.index(serviceKeyOf(tenant, s.service)) },
    { kind: 'delete', key: etcdKey.service(tenant, id) },
    { kind: 'deletePrefix', prefix: keyScope.service('schemaRef', tenant, id) },
    { kind: 'deletePrefix', prefix: keyScope.service('summary', tenant, id) },
    { kind: 'deletePrefix', prefix: keyScope.service('schema', tenant, id) },
    { kind: 'delete', key: etcdKey.tags(tenant, id) },
    { kind: 'deletePrefix', prefix: keyScope.service('instance', tenant, id) },
    { kind: 'deletePrefix', prefix: keyScope.service('lease', tenant, id) },
  ];
  // The alias key is removed only while it still points at this service.
  if (s.service.alias) {
    const alias = readRow(deps.store, 'alias', aliasKeyOf(tenant, s.service));
    if (alias?.value === id) ops.push({ kind: 'delete', key: alias.kv.key });
  }
  return ops;
}

/** End the leases of the service's instances, so their keys go and watchers see DELETE. */
async function revokeInstanceLeases(deps: RegistryDeps, tenant: Tenant, serviceId: string): Promise<void> {
  for (const row of rowsUnder(deps.store, 'lease', keyScope.service('lease', tenant, serviceId))) {
    const lease = Number(row.value);
    if (!Number.isSafeInteger(lease) || lease <= 0) continue;
    try {
      await deps.store.revokeLease(lease);
    } catch (err) {
      // The transaction below deletes the keys anyway; the lease then just runs out.
      deps.log.warn({ err, lease, serviceId }, 'revoking an instance lease failed');
    }
  }
}

/**
 * Delete a service. Without `force` it must have no other consumers (400023) and
 * no instances (400013); SC's own service is never deleted (400001).
 */
export async function deleteService(
  deps: RegistryDeps,
  tenant: Tenant,
  serviceId: string,
  force: boolean,
): Promise<E.Either<ScError, void>> {
  const valid = checkFields('DeleteServiceRequest', [[Rules.ServiceIdRule, serviceId]]);
  if (E.isLeft(valid)) return valid;
  const found = getService(deps.store, tenant, serviceId);
  if (!found) return E.left(serviceNotFound());
  if (isSelfService(tenant, found.service)) return E.left(scError(ScCodes.InvalidParams, 'not allow to delete service center'));
  if (!force) {
    const blocked = blockedBy(deps, tenant, found);
    if (blocked) return E.left(blocked);
  }
  await revokeInstanceLeases(deps, tenant, serviceId);
  const hashes: string[] = [];
  const r = await retryingTxn(deps, 'delete service', () => {
    const s = getService(deps.store, tenant, serviceId);
    if (!s) return E.left(serviceNotFound());
    hashes.length = 0;
    for (const ref of rowsUnder(deps.store, 'schemaRef', keyScope.service('schemaRef', tenant, serviceId))) hashes.push(ref.value);
    const depOps = consumerDeletionOps(deps.store, tenant, consumerKeyOf(s.tenant, s.service));
    return E.right({
      compare: [{ kind: 'modRevision', key: s.kv.key, equals: s.kv.modRevision }, ...unchangedSince(deps.store, depOps)],
      ops: [...deletionOps(deps, tenant, s), ...depOps],
      result: undefined,
    });
  });
  if (E.isRight(r)) await gcSchemaContents(deps, tenant, hashes);
  return r;
}

/** Batch delete: duplicates ignored, one result per id (errMessage only on failure). */
export async function deleteServices(
  deps: RegistryDeps,
  tenant: Tenant,
  serviceIds: readonly string[] | undefined,
  force: boolean,
): Promise<E.Either<ScError, DeleteResult[]>> {
  const ids = serviceIds ?? [];
  const valid = checkFields('DelServicesRequest', [[BATCH_IDS_RULE, ids]]);
  if (E.isLeft(valid)) return valid;
  const results: DeleteResult[] = [];
  for (const serviceId of new Set(ids)) {
    const r = await deleteService(deps, tenant, serviceId, force);
    results.push(E.isLeft(r) ? { serviceId, errMessage: errorText(r.left) } : { serviceId });
  }
  return E.right(results);
}
