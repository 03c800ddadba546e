import * as E from 'fp-ts/Either';
import { Rules, ScError, StoredValueOf, Tenant, instanceNotExists, keyScope, validateField } from '@service-center/core';
import { RegistryDeps, unixSecondsText } from '../deps';
import type { Kv } from '../../store/kv';
import { storeCall } from '../txn';
import { readRow, rowsUnder } from '../tables';

type Instance = StoredValueOf<'instance'>;

/**
 * Rewrite a stored instance, keeping its lease, only if nobody changed it since it was read
 * (retried a few times). 400017 when it is gone, or its lease ended meanwhile.
 */
async function rewrite(
  deps: RegistryDeps,
  tenant: Tenant,
  serviceId: string,
  instanceId: string,
  change: (i: Instance) => Instance,
): Promise<E.Either<ScError, void>> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = readRow(deps.store, 'instance', tenant, serviceId, instanceId);
    const kv = row?.kv;
    if (!row || !kv || (kv.lease && !deps.store.leaseTtl(kv.lease))) return E.left(instanceNotExists(serviceId, instanceId));
    const r = await putIfUnchanged(deps, kv, change(row.value));
    if (E.isLeft(r) || r.right) return E.map(() => undefined)(r);
  }
  return E.left(instanceNotExists(serviceId, instanceId));
}

async function putIfUnchanged(deps: RegistryDeps, kv: Kv, value: Instance): Promise<E.Either<ScError, boolean>> {
  const r = await storeCall(deps, 'update instance', () =>
    deps.store.txn({
      compare: [{ kind: 'modRevision', key: kv.key, equals: kv.modRevision }],
      success: [{ kind: 'put', key: kv.key, value, lease: kv.lease || undefined }],
    }),
  );
  return E.map((t: { succeeded: boolean }) => t.succeeded)(r);
}

/** `PUT …/status?value=`: status must be one of SC's five; sets modTimestamp. */
export async function updateInstanceStatus(
  deps: RegistryDeps,
  tenant: Tenant,
  serviceId: string,
  instanceId: string,
  status: string,
): Promise<E.Either<ScError, void>> {
  for (const [rule, value] of [
    [Rules.ServiceIdRule, serviceId],
    [Rules.InstanceIdRule, instanceId],
    [Rules.StatusValueRule, status],
  ] as const) {
    const v = validateField('UpdateInstanceStatusRequest', rule, value);
    if (E.isLeft(v)) return v;
  }
  const now = unixSecondsText(deps.now());
  return rewrite(deps, tenant, serviceId, instanceId, (i) => ({ ...i, status, modTimestamp: now }));
}

/** `PUT …/instances/{id}/properties`: replaces the whole map (absent = empty); sets modTimestamp. */
export async function updateInstanceProperties(
  deps: RegistryDeps,
  tenant: Tenant,
  serviceId: string,
  instanceId: string,
  properties: Readonly<Record<string, string>> | undefined,
): Promise<E.Either<ScError, void>> {
  for (const [rule, value] of [
    [Rules.ServiceIdRule, serviceId],
    [Rules.InstanceIdRule, instanceId],
  ] as const) {
    const v = validateField('UpdateInstancePropsRequest', rule, value);
    if (E.isLeft(v)) return v;
  }
  const now = unixSecondsText(deps.now());
  return rewrite(deps, tenant, serviceId, instanceId, (i) => ({ ...i, properties: { ...(properties ?? {}) }, modTimestamp: now }));
}

/**
 * `PUT /registry/instances/status` (v2.2.0): every instance of the tenant whose properties
 * hold all the given pairs gets the status. SC does not validate the status; neither do we.
 * Instances that vanish meanwhile are skipped.
 */
export async function updateManyInstanceStatus(
  deps: RegistryDeps,
  tenant: Tenant,
  match: Readonly<Record<string, string>>,
  status: string,
): Promise<E.Either<ScError, void>> {
  const pairs = Object.entries(match);
  const targets = rowsUnder(deps.store, 'instance', keyScope.tenant('instance', tenant))
    .map((r) => r.value)
    .filter((i) => pairs.every(([k, v]) => i.properties?.[k] === v));
  for (const i of targets) {
    const r = await rewrite(deps, tenant, i.serviceId, i.instanceId, (cur) => ({ ...cur, status }));
    if (E.isLeft(r) && r.left.code >= 500000) return r;
  }
  return E.right(undefined);
}
