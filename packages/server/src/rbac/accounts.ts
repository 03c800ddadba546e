import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/Either';
import { Account, Rbac, Rules, ScCodes, ScError, scError } from '@service-center/core';
import type { RegistryDeps } from '../registry/deps';
import { hashPassword } from './password-hash';
import { rbacKey } from './keys';
import {
  StoredAccount,
  accountNotExists,
  createRecord,
  deleteRecord,
  getAccount,
  getRole,
  listAccounts,
  replaceRecord,
} from './rbac-store';

const STATUS = /^(active|inactive)$|^$/;
const MAX_ROLES = 5;

/** The account as answers show it: never its password (hash). */
export function publicAccount(a: StoredAccount): Account {
  const { password: _hidden, currentPassword: _current, ...rest } = a;
  return rest;
}

function invalid(detail: string): ScError {
  return scError(ScCodes.InvalidParams, detail);
}

function checkName(name: string | undefined): ScError | undefined {
  if (name === undefined || name === '' || name.length > 64 || !Rules.Regexps.name.test(name)) {
    return invalid(`account name '${name ?? ''}' must be 1-64 letters, digits, _ - . (starting and ending with a letter or digit)`);
  }
  return undefined;
}

/** 1 to 5 role names, each of an existing role. */
function checkRoles(deps: RegistryDeps, roles: readonly string[] | undefined): ScError | undefined {
  const list = roles ?? [];
  const shape = checkRoleShape(list);
  if (shape) return shape;
  const bad = list.find((r) => r === '' || r.length > 64 || !Rules.Regexps.name.test(r));
  if (bad !== undefined) return invalid(`role name '${bad}' must be 1-64 letters, digits, _ - .`);
  const missing = list.find((r) => getRole(deps.store, r) === undefined);
  if (missing !== undefined) return scError(ScCodes.AccountHasInvalidRole, `role [${missing}] not exist; create it with POST /v4/roles first`);
  return undefined;
}

function checkStatus(status: string | undefined): ScError | undefined {
  return STATUS.test(status ?? '') ? undefined : invalid(`status '${status ?? ''}' must be active or inactive`);
}

/** Create one account (Service-Center's checks, in its order); the password is stored hashed. */
export async function createAccount(deps: RegistryDeps, a: Account, nowMs: number): Promise<E.Either<ScError, StoredAccount>> {
  const weak = Rbac.passwordProblem(a.name ?? '', a.password ?? '');
  const problem =
    checkName(a.name) ?? checkRoleShape(a.roles) ?? (weak !== undefined ? invalid(weak) : undefined) ?? checkStatus(a.status) ?? checkRoles(deps, a.roles);
  if (problem) return E.left(problem);
  const name = a.name as string;
  const time = String(Math.floor(nowMs / 1000));
  const stored: StoredAccount = {
    id: a.id !== undefined && a.id !== '' ? a.id : randomUUID(),
    name,
    password: await hashPassword(a.password as string),
    roles: a.roles,
    ...(a.tokenExpirationTime ? { tokenExpirationTime: a.tokenExpirationTime } : {}),
    status: a.status !== undefined && a.status !== '' ? a.status : 'active',
    createTime: time,
    updateTime: time,
  };
  const r = await createRecord(deps, rbacKey.account(name), stored, scError(ScCodes.AccountConflict, `account [${name}] already exists`));
  return E.isLeft(r) ? r : E.right(stored);
}

function checkRoleShape(roles: readonly string[] | undefined): ScError | undefined {
  const list = roles ?? [];
  if (list.length === 0 || list.length > MAX_ROLES) return invalid(`an account needs 1 to ${MAX_ROLES} roles (e.g. "roles": ["developer"])`);
  return undefined;
}

/** Root and one's own account are managed by nobody through these routes (Service-Center's rule). */
function checkTarget(target: string, caller: string): ScError | undefined {
  if (target === Rbac.ROOT_ACCOUNT) return scError(ScCodes.BuiltInAccount, 'root account can not be operated');
  if (target === caller) return scError(ScCodes.OwnAccount, 'your own account can not be operated; ask another admin');
  return undefined;
}

/** Update roles and/or status (never the password: that has its own route). */
export async function updateAccount(
  deps: RegistryDeps,
  name: string,
  change: Account,
  caller: string,
  nowMs: number,
): Promise<E.Either<ScError, StoredAccount>> {
  const shape = (change.roles ?? []).length > MAX_ROLES ? checkRoleShape(change.roles) : checkStatus(change.status);
  if (shape) return E.left(shape);
  const target = checkTarget(name, caller);
  if (target) return E.left(target);
  if ((change.status ?? '') === '' && (change.roles ?? []).length === 0) return E.left(invalid('status and roles cannot be empty both'));
  const old = getAccount(deps.store, name);
  if (old === undefined) return E.left(accountNotExists(name));
  const roles = (change.roles ?? []).length > 0 ? change.roles : old.roles;
  const roleProblem = checkRoles(deps, roles);
  if (roleProblem) return E.left(roleProblem);
  const next: StoredAccount = {
    ...old,
    roles,
    status: (change.status ?? '') !== '' ? change.status : old.status,
    updateTime: String(Math.floor(nowMs / 1000)),
  };
  const r = await replaceRecord(deps, rbacKey.account(name), next, accountNotExists(name));
  return E.isLeft(r) ? r : E.right(next);
}

export async function deleteAccount(deps: RegistryDeps, name: string, caller: string): Promise<E.Either<ScError, void>> {
  const target = checkTarget(name, caller);
  if (target) return E.left(target);
  const r = await deleteRecord(deps, rbacKey.account(name));
  if (E.isLeft(r)) return r;
  return r.right ? E.right(undefined) : E.left(accountNotExists(name));
}

export function accountList(deps: RegistryDeps): StoredAccount[] {
  return listAccounts(deps.store);
}

/** Store a new password hash for an existing account. */
export async function setPassword(deps: RegistryDeps, old: StoredAccount, password: string, nowMs: number): Promise<E.Either<ScError, void>> {
  const next: StoredAccount = { ...old, password: await hashPassword(password), updateTime: String(Math.floor(nowMs / 1000)) };
  return replaceRecord(deps, rbacKey.account(old.name), next, accountNotExists(old.name));
}
