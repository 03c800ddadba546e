import * as t from 'io-ts';
import { Int64, StringArray, StringMap, struct } from '../codec/optional';
import { ErrorCodeString } from './error-body';

/**
 * Service-Center's RBAC wire shapes. Every field of an account or a role is `omitempty` in
 * Service-Center, so every field is optional here and absent ones are never written.
 */

/** An account: `password` is only ever sent by the client; answers blank it. */
export const Account = struct(
  'Account',
  {},
  {
    id: t.string,
    name: t.string,
    password: t.string,
    roles: StringArray,
    tokenExpirationTime: t.string,
    currentPassword: t.string,
    status: t.string,
    createTime: t.string,
    updateTime: t.string,
  },
);
export type Account = t.TypeOf<typeof Account>;

/** `GET /v4/accounts`: `{"total": n, "data": [...]}` (both omitted when empty, as Service-Center). */
export const AccountList = struct('AccountList', {}, { total: Int64, data: t.array(Account) });
export type AccountList = t.TypeOf<typeof AccountList>;

/** `POST /v4/accounts/batch-create`: 1 to 20 accounts. */
export const BatchCreateAccountsRequest = struct('BatchCreateAccountsRequest', { accounts: t.array(Account) }, {});
export type BatchCreateAccountsRequest = t.TypeOf<typeof BatchCreateAccountsRequest>;

/** One account of a batch: its name, and the error body fields when it failed. */
export const BatchCreateAccountItem = struct(
  'BatchCreateAccountItem',
  { name: t.string },
  { errorCode: ErrorCodeString, errorMessage: t.string, detail: t.string },
);
export type BatchCreateAccountItem = t.TypeOf<typeof BatchCreateAccountItem>;

export const BatchCreateAccountsResponse = struct('BatchCreateAccountsResponse', { accounts: t.array(BatchCreateAccountItem) }, {});
export type BatchCreateAccountsResponse = t.TypeOf<typeof BatchCreateAccountsResponse>;

/** A resource a permission grants: its type (`service`, `ops`, ...) and optional labels. */
export const RbacResource = struct('RbacResource', {}, { type: t.string, labels: StringMap });
export type RbacResource = t.TypeOf<typeof RbacResource>;

/** Verbs (`get`, `create`, `update`, `delete`, `*`) over resources. */
export const Permission = struct('Permission', {}, { resources: t.array(RbacResource), verbs: StringArray });
export type Permission = t.TypeOf<typeof Permission>;

export const Role = struct(
  'Role',
  {},
  { id: t.string, name: t.string, perms: t.array(Permission), createTime: t.string, updateTime: t.string },
);
export type Role = t.TypeOf<typeof Role>;

/** `GET /v4/roles`: `{"total": n, "data": [...]}`. */
export const RoleList = struct('RoleList', {}, { total: Int64, data: t.array(Role) });
export type RoleList = t.TypeOf<typeof RoleList>;

/** `POST /v4/token`: what java-chassis, go-chassis and spring-cloud-huawei send. */
export const TokenRequest = struct('TokenRequest', {}, { name: t.string, password: t.string, tokenExpirationTime: t.string });
export type TokenRequest = t.TypeOf<typeof TokenRequest>;

export const TokenResponse = struct('TokenResponse', {}, { token: t.string });
export type TokenResponse = t.TypeOf<typeof TokenResponse>;

/** `GET /v4/self-perms`. */
export const SelfPermsResponse = struct('SelfPermsResponse', {}, { perms: t.array(Permission) });
export type SelfPermsResponse = t.TypeOf<typeof SelfPermsResponse>;

export const LockStatus = t.keyof({ attempted: null, banned: null }, 'LockStatus');
export type LockStatus = t.TypeOf<typeof LockStatus>;

/** A login-failure record for `name::ip`; `releaseAt` is in Unix seconds. */
export const AccountLock = struct('AccountLock', {}, { key: t.string, status: LockStatus, releaseAt: Int64 });
export type AccountLock = t.TypeOf<typeof AccountLock>;

/** `GET /v4/account-locks`: `total` and `data` are always written. */
export const AccountLockList = struct('AccountLockList', { total: Int64, data: t.array(AccountLock) }, {});
export type AccountLockList = t.TypeOf<typeof AccountLockList>;

/** `POST /v4/accounts/{name}/password`. */
export const ChangePasswordRequest = struct('ChangePasswordRequest', {}, { currentPassword: t.string, password: t.string });
export type ChangePasswordRequest = t.TypeOf<typeof ChangePasswordRequest>;
