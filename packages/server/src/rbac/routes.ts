import Router from '@koa/router';
import type Koa from 'koa';
import * as E from 'fp-ts/Either';
import {
  Account,
  AccountList,
  AccountLockList,
  BatchCreateAccountsRequest,
  BatchCreateAccountsResponse,
  BatchCreateAccountItem,
  ChangePasswordRequest,
  Role,
  RoleList,
  ScCodes,
  SelfPermsResponse,
  TokenRequest,
  TokenResponse,
  scError,
} from '@service-center/core';
import { readJson } from '../http/read-body';
import { answer, answerEmpty } from '../http/request-context';
import { param, rightOrFail } from '../http/params';
import { ScFailure } from '../http/sc-failure';
import type { RbacService } from './rbac-service';
import { requestIdentity } from '../http/request-identity';
import type { Identity } from '../http/request-identity';
import { accountList, createAccount, deleteAccount, publicAccount, updateAccount } from './accounts';
import { createRole, deleteRole, permsOf, roleList, roleOf, updateRole } from './roles';
import { getAccount, accountNotExists } from './rbac-store';

const MAX_BATCH = 20;

/** The caller the RBAC middleware let through. */
export function identityOf(ctx: Koa.Context): Identity {
  const id = requestIdentity(ctx);
  if (id === undefined) throw new ScFailure(scError(ScCodes.Unauthorized, 'no token was checked for this request'));
  return id;
}

/** Service-Center's `/v4/token`, `/v4/accounts…`, `/v4/account-locks…`, `/v4/roles…`, `/v4/self-perms`. */
export function rbacRoutes(rbac: RbacService): Router {
  const deps = rbac.deps;
  const router = new Router();

  router.post('/v4/token', async (ctx) => {
    const req = await readJson(ctx, TokenRequest);
    answer(ctx, TokenResponse, { token: rightOrFail(await rbac.login(req, ctx.ip)) });
  });

  router.get('/v4/self-perms', (ctx) => {
    const who = identityOf(ctx);
    const roles = getAccount(deps.store, who.account)?.roles ?? who.roles;
    answer(ctx, SelfPermsResponse, { perms: permsOf(deps, roles) });
  });

  router.post('/v4/accounts', async (ctx) => {
    const a = await readJson(ctx, Account);
    rightOrFail(await createAccount(deps, a, rbac.now()));
    rbac.audit.info({ account: identityOf(ctx).account, remote: ctx.ip, action: 'create account', target: a.name }, 'account created');
    answerEmpty(ctx);
  });

  router.post('/v4/accounts/batch-create', async (ctx) => {
    const req = await readJson(ctx, BatchCreateAccountsRequest);
    if (req.accounts.length < 1 || req.accounts.length > MAX_BATCH) {
      throw new ScFailure(scError(ScCodes.InvalidParams, `send 1 to ${MAX_BATCH} accounts in "accounts" (got ${req.accounts.length})`));
    }
    const results: BatchCreateAccountItem[] = [];
    for (const a of req.accounts) {
      const r = await createAccount(deps, a, rbac.now());
      results.push(
        E.isRight(r)
          ? { name: a.name ?? '' }
          : { name: a.name ?? '', errorCode: r.left.code, errorMessage: r.left.message, ...(r.left.detail ? { detail: r.left.detail } : {}) },
      );
    }
    const created = results.filter((r) => r.errorCode === undefined).map((r) => r.name);
    rbac.audit.info({ account: identityOf(ctx).account, remote: ctx.ip, action: 'batch create accounts', target: created }, 'accounts created');
    answer(ctx, BatchCreateAccountsResponse, { accounts: results });
  });

  router.get('/v4/accounts', (ctx) => {
    const data = accountList(deps).map(publicAccount);
    answer(ctx, AccountList, data.length === 0 ? {} : { total: data.length, data });
  });

  router.get('/v4/accounts/:name', (ctx) => {
    const a = getAccount(deps.store, param(ctx, 'name'));
    if (a === undefined) throw new ScFailure(accountNotExists(param(ctx, 'name')));
    answer(ctx, Account, publicAccount(a));
  });

  router.put('/v4/accounts/:name', async (ctx) => {
    const change = await readJson(ctx, Account);
    const name = param(ctx, 'name');
    rightOrFail(await updateAccount(deps, name, change, identityOf(ctx).account, rbac.now()));
    rbac.audit.info({ account: identityOf(ctx).account, remote: ctx.ip, action: 'update account', target: name, roles: change.roles, status: change.status }, 'account updated');
    answerEmpty(ctx);
  });

  router.delete('/v4/accounts/:name', async (ctx) => {
    const name = param(ctx, 'name');
    rightOrFail(await deleteAccount(deps, name, identityOf(ctx).account));
    rbac.audit.info({ account: identityOf(ctx).account, remote: ctx.ip, action: 'delete account', target: name }, 'account deleted');
    answerEmpty(ctx);
  });

  router.post('/v4/accounts/:name/password', async (ctx) => {
    const body = await readJson(ctx, ChangePasswordRequest);
    const name = param(ctx, 'name');
    rightOrFail(await rbac.changePassword(identityOf(ctx), name, body.currentPassword ?? '', body.password ?? '', ctx.ip));
    rbac.audit.info({ account: identityOf(ctx).account, remote: ctx.ip, action: 'change password', target: name }, 'password changed');
    answerEmpty(ctx);
  });

  router.get('/v4/account-locks', (ctx) => {
    const data = rbac.locks();
    answer(ctx, AccountLockList, { total: data.length, data });
  });

  router.delete('/v4/account-locks/:key', async (ctx) => {
    const key = param(ctx, 'key');
    const released = rightOrFail(await rbac.deleteLocks(key));
    rbac.audit.info({ account: identityOf(ctx).account, remote: ctx.ip, action: 'release account lock', target: key, released }, 'account lock released');
    answerEmpty(ctx);
  });

  router.get('/v4/roles', (ctx) => {
    const data = roleList(deps);
    answer(ctx, RoleList, data.length === 0 ? {} : { total: data.length, data });
  });

  router.post('/v4/roles', async (ctx) => {
    const role = await readJson(ctx, Role);
    rightOrFail(await createRole(deps, role, rbac.now()));
    rbac.audit.info({ account: identityOf(ctx).account, remote: ctx.ip, action: 'create role', target: role.name, perms: role.perms }, 'role created');
    answerEmpty(ctx);
  });

  router.get('/v4/roles/:roleName', (ctx) => {
    answer(ctx, Role, rightOrFail(roleOf(deps, param(ctx, 'roleName'))));
  });

  router.put('/v4/roles/:roleName', async (ctx) => {
    const change = await readJson(ctx, Role);
    const name = param(ctx, 'roleName');
    rightOrFail(await updateRole(deps, name, change, rbac.now()));
    rbac.audit.info({ account: identityOf(ctx).account, remote: ctx.ip, action: 'update role', target: name, perms: change.perms }, 'role updated');
    answerEmpty(ctx);
  });

  router.delete('/v4/roles/:roleName', async (ctx) => {
    const name = param(ctx, 'roleName');
    rightOrFail(await deleteRole(deps, name));
    rbac.audit.info({ account: identityOf(ctx).account, remote: ctx.ip, action: 'delete role', target: name }, 'role deleted');
    answerEmpty(ctx);
  });

  return router;
}
