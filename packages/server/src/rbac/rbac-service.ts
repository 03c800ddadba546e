import * as E from 'fp-ts/Either';
import { Counter, type Registry } from 'prom-client';
import type { Identity } from '../http/request-identity';
import type { Logger } from 'pino';
import { AccountLock, Rbac, ScCodes, ScError, TokenRequest, scError } from '@service-center/core';
import type { RegistryDeps } from '../registry/deps';
import { KeyPair } from './key-pair';
import { Claims, signToken, verifyToken } from './tokens';
import { hashPassword, samePassword } from './password-hash';
import { accountNotExists, deleteRecord, getAccount, getLock, getRole, listLocks, putRecord } from './rbac-store';
import { rbacKey } from './keys';
import { createAccount, setPassword } from './accounts';
import { createRole, permsOf } from './roles';

export type RbacOptions = Readonly<{
  keys: KeyPair;
  /** The clock of tokens and locks (tests inject one). */
  now: () => number;
  releaseLockAfterMs: number;
  initRootPassword: string;
  registry: Registry;
}>;


/** What the authenticator needs of a request. */
export type AuthRequest = Readonly<{
  method: string;
  path: string;
  authorization: string;
  /** Labels of the services the request names; asked only when the caller's roles carry labels. */
  labels?: () => Promise<readonly Rbac.Labels[] | undefined>;
}>;

/**
 * Accounts, roles, tokens and login locks of this cluster. Account and role records live in
 * the store (replicas share them); the failure buckets are per process, as Service-Center's.
 */
export class RbacService {
  readonly audit: Logger;
  private readonly buckets = new Map<string, Rbac.FailureBucket>();
  private readonly failures: Counter<'code'>;
  private readonly policy: Rbac.LockoutPolicy;
  private unknownHash: Promise<string> | undefined;

  constructor(
    readonly deps: RegistryDeps,
    private readonly options: RbacOptions,
  ) {
    this.audit = deps.log.child({ component: 'audit' });
    this.policy = { ...Rbac.DEFAULT_LOCKOUT, releaseLockAfterMs: options.releaseLockAfterMs };
    this.failures = new Counter({
      name: 'service_center_auth_failures_total',
      help: 'Requests refused by RBAC, by Service-Center error code',
      labelNames: ['code'] as const,
      registers: [options.registry],
    });
  }

  now(): number {
    return this.options.now();
  }

  /** Built-in roles, then `root` from SC_INIT_ROOT_PASSWORD on first start. */
  async init(): Promise<void> {
    for (const [name, perms] of Object.entries(Rbac.BUILT_IN_PERMS)) {
      if (getRole(this.deps.store, name) !== undefined) continue;
      const r = await createRole(this.deps, { name, perms: [...perms] }, this.now());
      if (E.isLeft(r) && r.left.code !== ScCodes.RoleConflict) throw new Error(`RBAC: cannot create role ${name}: ${r.left.detail ?? r.left.message}`);
    }
    if (getAccount(this.deps.store, Rbac.ROOT_ACCOUNT) !== undefined) return;
    if (this.options.initRootPassword === '') {
      this.deps.log.warn('RBAC: no root account and SC_INIT_ROOT_PASSWORD is empty; set it and restart to create root');
      return;
    }
    const r = await createAccount(this.deps, { name: Rbac.ROOT_ACCOUNT, password: this.options.initRootPassword, roles: [Rbac.ROLE_ADMIN] }, this.now());
    if (E.isLeft(r) && r.left.code !== ScCodes.AccountConflict) {
      throw new Error(`RBAC: cannot create the root account from SC_INIT_ROOT_PASSWORD: ${r.left.detail ?? r.left.message}`);
    }
    this.deps.log.info('RBAC: root account created');
  }

  /** Count a refused request, by code. */
  refused(err: ScError): ScError {
    this.failures.inc({ code: String(err.code) });
    return err;
  }

  async login(req: TokenRequest, ip: string): Promise<E.Either<ScError, string>> {
    const lifetime = Rbac.tokenLifetimeMs(req.tokenExpirationTime);
    if ('problem' in lifetime) return E.left(scError(ScCodes.InvalidParams, lifetime.problem));
    const name = req.name ?? '';
    const key = Rbac.lockKeyOf(name, ip);
    if (await this.isBanned(key)) return E.left(this.refused(this.blocked(name)));
    const account = getAccount(this.deps.store, name);
    // An unknown name costs the same hash as a wrong password, so timing does not tell them apart.
    const hash = account?.password ?? (await (this.unknownHash ??= hashPassword('unknown account')));
    const same = await samePassword(hash, req.password ?? '');
    if (account === undefined || !same) {
      await this.recordFailure(key);
      return E.left(this.refused(scError(ScCodes.UserOrPasswordWrong)));
    }
    const token = await signToken(this.options.keys.privateKey, { account: name, roles: account.roles ?? [] }, lifetime.ms, this.now());
    return E.right(token);
  }

  private blocked(name: string): ScError {
    const minutes = Math.round(this.policy.releaseLockAfterMs / 60_000);
    return scError(
      ScCodes.AccountBlocked,
      `account ${name} is blocked after repeated failed logins from this address; wait ${minutes} min or ask an admin to DELETE /v4/account-locks/${name}`,
    );
  }

  /** Change a password: one's own with the current one, or anyone's (but root's own rule) as admin. */
  async changePassword(caller: Identity, name: string, current: string, next: string, ip: string): Promise<E.Either<ScError, void>> {
    const weak = Rbac.passwordProblem(name, next);
    if (weak !== undefined) return E.left(scError(ScCodes.InvalidParams, weak));
    if (caller.account !== name) {
      if (!Rbac.hasAdminRole(caller.roles)) return E.left(scError(ScCodes.Forbidden, 'can not change other account password'));
      const target = getAccount(this.deps.store, name);
      return target === undefined ? E.left(accountNotExists(name)) : setPassword(this.deps, target, next, this.now());
    }
    if (current === '') return E.left(scError(ScCodes.InvalidParams, 'current password should not be empty; send "currentPassword"'));
    const key = Rbac.lockKeyOf(name, ip);
    if (await this.isBanned(key)) return E.left(this.refused(this.blocked(name)));
    if (current === next) return E.left(scError(ScCodes.NewPasswordBad, 'the password can not be same as old one'));
    const old = getAccount(this.deps.store, name);
    if (old === undefined) return E.left(accountNotExists(name));
    if (!(await samePassword(old.password, current))) {
      await this.recordFailure(key);
      return E.left(scError(ScCodes.OldPasswordWrong));
    }
    return setPassword(this.deps, old, next, this.now());
  }

  private async recordFailure(key: string): Promise<void> {
    const out = Rbac.recordFailure(key, this.buckets.get(key), this.now(), this.policy);
    this.buckets.set(key, out.bucket);
    const r = await putRecord(this.deps, rbacKey.lock(key), out.lock);
    if (E.isLeft(r)) this.deps.log.error({ key }, 'RBAC: cannot store a login lock');
  }

  /** Whether `key` is banned now; an expired record is removed on the way. */
  private async isBanned(key: string): Promise<boolean> {
    const lock = getLock(this.deps.store, key);
    if (lock === undefined) return false;
    if (Rbac.isExpired(lock, this.now())) {
      await deleteRecord(this.deps, rbacKey.lock(key));
      this.buckets.delete(key);
      return false;
    }
    return Rbac.isBlocked(lock, this.now());
  }

  locks(): AccountLock[] {
    return listLocks(this.deps.store);
  }

  /** Release one lock (`name::ip`), or every lock of an account name. */
  async deleteLocks(keyOrName: string): Promise<E.Either<ScError, number>> {
    const keys = this.locks()
      .map((l) => l.key ?? '')
      .filter((k) => k === keyOrName || k.startsWith(`${keyOrName}::`));
    for (const k of keys) {
      const r = await deleteRecord(this.deps, rbacKey.lock(k));
      if (E.isLeft(r)) return r;
      this.buckets.delete(k);
    }
    return E.right(keys.length);
  }

  /**
   * Service-Center's check of one request: white list, header, token, account still there,
   * then (but for admin and token-only routes) the permission over resource and verb.
   */
  async authenticate(req: AuthRequest): Promise<E.Either<ScError, Identity | undefined>> {
    const access = Rbac.accessOf(req.method, req.path);
    if (access.kind === 'open') return E.right(undefined);
    const claims = await this.claimsOf(req.authorization);
    if (E.isLeft(claims)) return E.left(this.refused(claims.left));
    const { account, roles } = claims.right;
    if (account !== Rbac.ROOT_ACCOUNT && getAccount(this.deps.store, account) === undefined) {
      return E.left(this.refused(scError(ScCodes.TokenOwnerDeleted, `account [${account}] is deleted`)));
    }
    if (access.kind === 'token' || Rbac.hasAdminRole(roles)) return E.right({ account, roles });
    const perms = permsOf(this.deps, roles);
    const target = { resource: access.resource, verb: access.verb };
    let decision = Rbac.decide(perms, target);
    if (decision.kind === 'allowed' && decision.labels !== undefined && req.labels !== undefined) {
      // Every service a request names must be allowed (Service-Center is content with one of a batch).
      for (const one of (await req.labels()) ?? []) {
        const d = Rbac.decide(perms, { ...target, labels: [one] });
        if (d.kind !== 'allowed') {
          decision = d;
          break;
        }
      }
    }
    if (decision.kind !== 'allowed') return E.left(this.refused(decision));
    return E.right({ account, roles, labels: decision.labels });
  }

  private async claimsOf(header: string): Promise<E.Either<ScError, Claims>> {
    if (header === '') return E.left(scError(ScCodes.NoAuthHeader, 'send Authorization: Bearer <token>, the token from POST /v4/token'));
    const parts = header.split(' ');
    if (parts.length !== 2) return E.left(scError(ScCodes.Unauthorized, 'invalid auth header; send Authorization: Bearer <token>'));
    return verifyToken(this.options.keys.publicKey, parts[1], this.now());
  }
}
