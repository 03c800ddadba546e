import * as E from 'fp-ts/Either';
import {
  FieldRule,
  ScCodes,
  ScError,
  Tenant,
  isGlobalService,
  etcdKey,
  scError,
  validateField,
} from '@service-center/core';
import type { KvOp, KvStore } from '../store/kv';
import { retryingTxn } from './txn';
import type { RegistryDeps } from './deps';
import { StoredService, getService } from './tables';

/** Is this Service-Center's own registration (which must never be deleted)? */
export function isSelfService(tenant: Tenant, s: Readonly<{ appId?: string; serviceName?: string }>): boolean {
  return isGlobalService(tenant, { appId: s.appId, serviceName: s.serviceName });
}

/** Check ids and other values with SC's field rules, in order; first failure wins. */
export function checkFields(goType: string, checks: readonly (readonly [FieldRule, unknown])[]): E.Either<ScError, void> {
  for (const [rule, value] of checks) {
    const r = validateField(goType, rule, value);
    if (E.isLeft(r)) return r;
  }
  return E.right(undefined);
}

export const serviceNotFound = (): ScError => scError(ScCodes.ServiceNotExists, 'Service does not exist.');

/** The service, or 400012 "Service does not exist.". */
export function requireService(store: KvStore, tenant: Tenant, serviceId: string): E.Either<ScError, StoredService> {
  const s = getService(store, tenant, serviceId);
  return s ? E.right(s) : E.left(serviceNotFound());
}

/**
 * Rewrite a stored service with `change` (no `service` in its answer: leave it as it is) plus
 * extra ops, guarded by the service's revision; 400012 when it is gone.
 */
export function updateService(
  deps: RegistryDeps,
  tenant: Tenant,
  serviceId: string,
  change: (s: StoredService['service']) => E.Either<ScError, { service?: StoredService['service']; ops?: readonly KvOp[] }>,
): Promise<E.Either<ScError, void>> {
  return retryingTxn(deps, 'update service', () => {
    const current = getService(deps.store, tenant, serviceId);
    if (!current) return E.left(serviceNotFound());
    const changed = change(current.service);
    if (E.isLeft(changed)) return changed;
    const key = etcdKey.service(tenant, serviceId);
    return E.right({
      compare: [{ kind: 'modRevision', key, equals: current.kv.modRevision }],
      ops: [...(changed.right.service ? [{ kind: 'put' as const, key, value: changed.right.service }] : []), ...(changed.right.ops ?? [])],
      result: undefined,
    });
  });
}

/** Go's `err.Error()` of an SC error: `message(detail)`, used in per-item error texts. */
export function errorText(err: ScError): string {
  return err.detail ? `${err.message}(${err.detail})` : err.message;
}

/** A copy without the keys whose value is undefined or an empty list/map (Go's omitempty). */
export function omitEmpty<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out as T;
}
