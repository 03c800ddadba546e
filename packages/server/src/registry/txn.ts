import * as E from 'fp-ts/Either';
import { ScCodes, ScError, scError } from '@service-center/core';
import type { KvCompare, KvOp, KvStore } from '../store/kv';
import { StoreUnavailable } from '../store/store-unavailable';
import type { RegistryDeps } from './deps';

/** How often an optimistic read-modify-write is retried when another write got in between. */
const MAX_ATTEMPTS = 5;

/**
 * Every store call of a use case: a failure becomes SC's 500011 (backend unavailable). An
 * unexpected one is logged here; an outage of the backend the store has logged once already.
 */
export async function storeCall<A>(deps: RegistryDeps, what: string, f: () => Promise<A>): Promise<E.Either<ScError, A>> {
  try {
    return E.right(await f());
  } catch (err) {
    if (err instanceof StoreUnavailable) return E.left(scError(ScCodes.Unavailable, `${what} failed: ${err.message}`));
    deps.log.error({ err }, `store call failed: ${what}`);
    return E.left(scError(ScCodes.Unavailable, `${what} failed`));
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
  deps: RegistryDeps,
  what: string,
  plan: () => E.Either<ScError, { compare: readonly KvCompare[]; ops: readonly KvOp[]; result: A }>,
): Promise<E.Either<ScError, A>> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const p = plan();
    if (E.isLeft(p)) return p;
    if (p.right.ops.length === 0) return E.right(p.right.result);
    const r = await storeCall(deps, what, () => deps.store.txn({ compare: p.right.compare, success: p.right.ops }));
    if (E.isLeft(r)) return r;
    if (r.right.succeeded) return E.right(p.right.result);
  }
  return E.left(scError(ScCodes.Unavailable, 'too many concurrent updates, try again'));
}
