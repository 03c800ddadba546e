import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/Either';
import { Rbac, Role, Rules, ScCodes, ScError, scError } from '@service-center/core';
import type { RegistryDeps } from '../registry/deps';
import { rbacKey } from './keys';
import { StoredRole, createRecord, deleteRecord, getRole, listAccounts, listRoles, replaceRecord, roleNotExists } from './rbac-store';

function builtIn(name: string): ScError | undefined {
  return Rbac.isBuiltInRole(name) ? scError(ScCodes.BuiltInRole, `the built-in role ${name} can not be changed; create a role of your own`) : undefined;
}

export async function createRole(deps: RegistryDeps, role: Role, nowMs: number): Promise<E.Either<ScError, StoredRole>> {
  const name = role.name ?? '';
  if (name === '' || name.length > 64 || !Rules.Regexps.name.test(name)) {
    return E.left(scError(ScCodes.InvalidParams, `role name '${name}' must be 1-64 letters, digits, _ - . (starting and ending with a letter or digit)`));
  }
  const time = String(Math.floor(nowMs / 1000));
  const stored: StoredRole = { id: role.id ?? randomUUID(), name, perms: role.perms ?? [], createTime: time, updateTime: time };
  const r = await createRecord(deps, rbacKey.role(name), stored, scError(ScCodes.RoleConflict, `role [${name}] already exists`));
  return E.isLeft(r) ? r : E.right(stored);
}

export function roleOf(deps: RegistryDeps, name: string): E.Either<ScError, StoredRole> {
  const role = getRole(deps.store, name);
  return role ? E.right(role) : E.left(roleNotExists(name));
}

export function roleList(deps: RegistryDeps): StoredRole[] {
  return listRoles(deps.store);
}

/** Replace a role's permissions. */
export async function updateRole(deps: RegistryDeps, name: string, change: Role, nowMs: number): Promise<E.Either<ScError, StoredRole>> {
  const fixed = builtIn(name);
  if (fixed) return E.left(fixed);
  const old = getRole(deps.store, name);
  if (old === undefined) return E.left(roleNotExists(name));
  const next: StoredRole = { ...old, perms: change.perms ?? [], updateTime: String(Math.floor(nowMs / 1000)) };
  const r = await replaceRecord(deps, rbacKey.role(name), next, roleNotExists(name));
  return E.isLeft(r) ? r : E.right(next);
}

export async function deleteRole(deps: RegistryDeps, name: string): Promise<E.Either<ScError, void>> {
  const fixed = builtIn(name);
  if (fixed) return E.left(fixed);
  if (getRole(deps.store, name) === undefined) return E.left(roleNotExists(name));
  const holders = listAccounts(deps.store).filter((a) => (a.roles ?? []).includes(name));
  if (holders.length > 0) {
    return E.left(scError(ScCodes.RoleIsBound, `role [${name}] is held by ${holders.map((a) => a.name).join(', ')}; change their roles first`));
  }
  const r = await deleteRecord(deps, rbacKey.role(name));
  if (E.isLeft(r)) return r;
  return r.right ? E.right(undefined) : E.left(roleNotExists(name));
}

/** Every permission of the roles named (roles that no longer exist give none). */
export function permsOf(deps: RegistryDeps, roles: readonly string[]) {
  return roles.flatMap((r) => getRole(deps.store, r)?.perms ?? []);
}
