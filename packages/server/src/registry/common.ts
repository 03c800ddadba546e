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
import type { KvCompare, KvOp, KvStore, TxnRequest, TxnResult } from '../store/kv';
import type { RegistryDeps } from './deps';
import { StoredService, getService } from './tables';

/** How often an optimistic read-modify-write is retried when another write got in between. */
const MAX_ATTEMPTS = 5;

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

/** Run a transaction; a store failure becomes 500011, as SC reports backend errors. */
export async function commit(store: KvStore, req: TxnRequest): Promise<E.Either<ScError, TxnResult>> {
  try {
    return E.right(await store.txn(req));
  } catch (err) {
    return E.left(scError(ScCodes.Unavailable, err instanceof Error ? err.message : String(err)));
  }
}

/** Compares pinning every key the ops write to the revision it had when the ops were computed. */
export function unchangedSince(store: KvStore, ops: readonly KvOp[]): KvCompare[] {
  const keys = new Set<string>();
  for (const op of ops) if (op.kind !== 'deletePrefix') keys.add(op.key);
  return [...keys].map((key) => ({ kind: 'modRevision', key, equals: store.get(key)?.modRevision ?? 0 }));
}

/**
 * Optimistic read-modify-write: `plan` reads the store (synchronously) and returns the ops and
 * the compares guarding what it read, or an error; the write is retried while another write
 * got in between.
 */
export async function retryingTxn<A>(
  store: KvStore,
  plan: () => E.Either<ScError, { compare: readonly KvCompare[]; ops: readonly KvOp[]; result: A }>,
): Promise<E.Either<ScError, A>> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const p = plan();
    if (E.isLeft(p)) return p;
    if (p.right.ops.length === 0) return E.right(p.right.result);
    const r = await commit(store, { compare: p.right.compare, success: p.right.ops });
    if (E.isLeft(r)) return r;
    if (r.right.succeeded) return E.right(p.right.result);
  }
  return E.left(scError(ScCodes.Unavailable, 'too many concurrent updates, try again'));
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
  return retryingTxn(deps.store, () => {
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
