import type * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { Account, AccountLock, Role, ScCodes, ScError, decodeWith, scError } from '@service-center/core';
import type { KvStore } from '../store/kv';
import type { RegistryDeps } from '../registry/deps';
import { storeCall } from '../registry/txn';
import { RbacPrefix, rbacKey } from './keys';

/** A stored account: the account record with `password` holding the password hash. */
export type StoredAccount = Account & { name: string };
export type StoredRole = Role & { name: string };

function decoded<A, O>(codec: t.Type<A, O, unknown>, value: unknown): A | undefined {
  const r = decodeWith(codec, value);
  return E.isRight(r) ? r.right : undefined;
}

function named<A extends { name?: string }>(a: A | undefined): (A & { name: string }) | undefined {
  return a !== undefined && typeof a.name === 'string' && a.name !== '' ? (a as A & { name: string }) : undefined;
}

export function getAccount(store: KvStore, name: string): StoredAccount | undefined {
  const kv = store.get(rbacKey.account(name));
  return kv ? named(decoded(Account, kv.value)) : undefined;
}

export function listAccounts(store: KvStore): StoredAccount[] {
  return store.range(RbacPrefix.account).flatMap((kv) => named(decoded(Account, kv.value)) ?? []);
}

export function getRole(store: KvStore, name: string): StoredRole | undefined {
  const kv = store.get(rbacKey.role(name));
  return kv ? named(decoded(Role, kv.value)) : undefined;
}

export function listRoles(store: KvStore): StoredRole[] {
  return store.range(RbacPrefix.role).flatMap((kv) => named(decoded(Role, kv.value)) ?? []);
}

export function getLock(store: KvStore, key: string): AccountLock | undefined {
  const kv = store.get(rbacKey.lock(key));
  return kv ? decoded(AccountLock, kv.value) : undefined;
}

export function listLocks(store: KvStore): AccountLock[] {
  return store.range(RbacPrefix.lock).flatMap((kv) => decoded(AccountLock, kv.value) ?? []);
}

/** Create a key that must not exist yet; `conflict` when it does. */
export async function createRecord(
  deps: RegistryDeps,
  key: string,
  value: unknown,
  conflict: ScError,
): Promise<E.Either<ScError, void>> {
  const r = await storeCall(deps, `create ${key}`, () =>
    deps.store.txn({ compare: [{ kind: 'absent', key }], success: [{ kind: 'put', key, value }] }),
  );
  if (E.isLeft(r)) return r;
  return r.right.succeeded ? E.right(undefined) : E.left(conflict);
}

/** Replace a key that must exist; `missing` when it does not. */
export async function replaceRecord(deps: RegistryDeps, key: string, value: unknown, missing: ScError): Promise<E.Either<ScError, void>> {
  const r = await storeCall(deps, `update ${key}`, () =>
    deps.store.txn({ compare: [{ kind: 'present', key }], success: [{ kind: 'put', key, value }] }),
  );
  if (E.isLeft(r)) return r;
  return r.right.succeeded ? E.right(undefined) : E.left(missing);
}

export async function putRecord(deps: RegistryDeps, key: string, value: unknown): Promise<E.Either<ScError, void>> {
  const r = await storeCall(deps, `put ${key}`, () => deps.store.txn({ success: [{ kind: 'put', key, value }] }));
  return E.isLeft(r) ? r : E.right(undefined);
}

export async function deleteRecord(deps: RegistryDeps, key: string): Promise<E.Either<ScError, boolean>> {
  const r = await storeCall(deps, `delete ${key}`, () =>
    deps.store.txn({ compare: [{ kind: 'present', key }], success: [{ kind: 'delete', key }] }),
  );
  return E.isLeft(r) ? r : E.right(r.right.succeeded);
}

export const accountNotExists = (name: string): ScError => scError(ScCodes.AccountNotExists, `account [${name}] not exist`);
export const roleNotExists = (name: string): ScError => scError(ScCodes.RoleNotExists, `role [${name}] not exist`);
