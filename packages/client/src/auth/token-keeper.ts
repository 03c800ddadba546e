import * as E from 'fp-ts/Either';
import { Rbac, ScCodes, TokenResponse, decodeWith } from '@service-center/core';
import { errorOf } from '../api/registry-api';
import { ScClientError, isUnreachable } from '../errors';
import { HttpResponse, TransportOptions, sendOnce } from '../transport/fetch-transport';
import type { RequestAuth } from './request-auth';

/** An RBAC account of the server (Service-Center's `POST /v4/token` login). */
export type Credentials = Readonly<{ account: string; password: string }>;

export type TokenKeeperOptions = Readonly<{
  credentials: Credentials;
  /** How the login is sent: fetch, timeout, the client's headers (without Authorization). */
  transport: TransportOptions;
  now?: () => number;
}>;

/** What is known of one address. */
type Held =
  | Readonly<{ kind: 'token'; token: string; refreshAt: number; expiresAt: number }>
  | Readonly<{ kind: 'no-rbac' }>
  | Readonly<{ kind: 'refused'; error: ScClientError; until: number; count: number }>;

/**
 * Logs in with an account and keeps one token per server address (addresses fail over, and
 * each cluster issues its own tokens). A token is replaced once 80 % of its life has passed
 * (its `exp` claim) and after a 401. A 404 at `/v4/token` means the server has no RBAC: no
 * token is sent. A refused login (401 wrong password, 403201 account blocked) is remembered and
 * tried again at that address only on core's `loginRetryAt` schedule, so a bad password never
 * turns into a login loop that gets the account locked.
 */
export class TokenKeeper implements RequestAuth {
  private readonly held = new Map<string, Held>();
  private readonly pending = new Map<string, Promise<Held>>();
  private readonly now: () => number;

  constructor(private readonly options: TokenKeeperOptions) {
    this.now = options.now ?? Date.now;
  }

  async headersFor(endpoint: string): Promise<Readonly<Record<string, string>>> {
    const held = await this.current(endpoint);
    return held.kind === 'token' ? { Authorization: `Bearer ${held.token}` } : {};
  }

  rejected(endpoint: string, sent: Readonly<Record<string, string>>): boolean {
    const held = this.held.get(endpoint);
    if (held === undefined) return true;
    if (held.kind === 'refused') return false;
    // Another call may already have replaced the token this one was sent with.
    if (held.kind === 'token' && sent.Authorization !== `Bearer ${held.token}`) return true;
    this.held.delete(endpoint);
    return true;
  }

  private async current(endpoint: string): Promise<Held> {
    const now = this.now();
    const held = this.held.get(endpoint);
    if (held?.kind === 'no-rbac') return held;
    if (held?.kind === 'refused' && now < held.until) throw held.error;
    if (held?.kind === 'token' && now < held.refreshAt) return held;
    try {
      return await this.login(endpoint);
    } catch (err) {
      // A refresh that reaches no server keeps the token while it is still valid.
      if (held?.kind === 'token' && now < held.expiresAt && isUnreachable(err)) return held;
      throw err;
    }
  }

  /** One login per address at a time; concurrent calls share it. */
  private login(endpoint: string): Promise<Held> {
    let p = this.pending.get(endpoint);
    if (!p) {
      p = this.loginOnce(endpoint).finally(() => this.pending.delete(endpoint));
      this.pending.set(endpoint, p);
    }
    return p;
  }

  private async loginOnce(endpoint: string): Promise<Held> {
    const { account, password } = this.options.credentials;
    const res = await sendOnce(endpoint, { method: 'POST', path: '/v4/token', body: { name: account, password } }, this.options.transport);
    const held = this.heldOf(res, this.held.get(endpoint));
    this.held.set(endpoint, held);
    if (held.kind === 'refused') throw held.error;
    return held;
  }

  private heldOf(res: HttpResponse, before: Held | undefined): Held {
    const what = `log in as ${this.options.credentials.account} at ${res.endpoint}`;
    if (res.status === 404) return { kind: 'no-rbac' };
    if (res.status === 401 || res.status === 403) {
      const count = before?.kind === 'refused' ? before.count + 1 : 1;
      const error = refusedLogin(errorOf(res, what), this.options.credentials.account);
      return { kind: 'refused', error, until: Rbac.loginRetryAt(this.now(), count), count };
    }
    if (res.status < 200 || res.status > 299) throw errorOf(res, what);
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch {
      json = undefined;
    }
    const body = decodeWith(TokenResponse, json);
    const token = E.isRight(body) ? body.right.token : undefined;
    if (!token) throw new ScClientError({ kind: 'decode', message: `${what}: the answer carries no token`, status: res.status, endpoint: res.endpoint });
    return { kind: 'token', token, ...Rbac.tokenTimes(token, this.now()) };
  }
}

/** The refused login with what to do about it. */
function refusedLogin(err: ScClientError, account: string): ScClientError {
  const fix =
    err.code === ScCodes.AccountBlocked
      ? `account ${account} is blocked after failed logins: wait until the lock is released (15 minutes by default) or ask an admin to delete the lock`
      : err.status === 401
        ? `the password of account ${account} is wrong (or the account does not exist): check the credentials`
        : `account ${account} may not log in`;
  return new ScClientError({ kind: err.kind, message: `${err.message}; ${fix}`, code: err.code, status: err.status, detail: err.detail, endpoint: err.endpoint });
}
