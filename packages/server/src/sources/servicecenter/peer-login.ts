import * as fs from 'node:fs';
import * as E from 'fp-ts/Either';
import { Rbac } from '@service-center/core';
import type { PeerFailure, PeerLoginState } from '@service-center/core';

/** The account this server logs in with at one peer, and the file holding its password. */
export type PeerCredentials = Readonly<{ account: string; passwordFile: string }>;

/** How a `POST /v4/token` at the peer ended, as the peer client reports it. */
export type LoginAnswer =
  | Readonly<{ kind: 'token'; token: string }>
  | Readonly<{ kind: 'refused'; status: number; failure: PeerFailure }>
  | Readonly<{ kind: 'failed'; failure: PeerFailure }>;

/** Ask the peer for a token with these credentials. */
export type LoginCall = (account: string, password: string) => Promise<LoginAnswer>;

type Token = Readonly<{ header: string; refreshAt: number }>;
type Refusal = Readonly<{ failure: PeerFailure; until: number; password: string; count: number }>;

/**
 * The token this server presents at one RBAC-enabled peer: fetched on first use, refreshed
 * at 80 % of its life and after the peer answers 401, and never re-requested in a loop once
 * the peer refused the credentials. A peer answering 404 at `/v4/token` has no RBAC: calls
 * go without a token until the peer asks for one with a 401.
 */
export class PeerLogin {
  private token: Token | undefined;
  private refusal: Refusal | undefined;
  private noRbac = false;
  private pending: Promise<E.Either<PeerFailure, Record<string, string>>> | undefined;
  /** Moves on reload: an answer to a login begun before it is not held against the new credentials. */
  private generation = 0;

  constructor(
    readonly credentials: PeerCredentials,
    private readonly now: () => number,
  ) {}

  /** The headers for the next call to the peer, logging in first when needed. */
  headers(login: LoginCall): Promise<E.Either<PeerFailure, Record<string, string>>> {
    if (this.noRbac) return Promise.resolve(E.right({}));
    if (this.token && this.now() < this.token.refreshAt) return Promise.resolve(E.right({ Authorization: this.token.header }));
    // Concurrent calls (the puller, live lookups) share one login.
    if (!this.pending) {
      const p = this.login(login).finally(() => {
        if (this.pending === p) this.pending = undefined;
      });
      this.pending = p;
    }
    return this.pending;
  }

  /** The peer answered 401 to a call: its token is no longer good (or RBAC was turned on). */
  invalidate(): void {
    this.token = undefined;
    this.noRbac = false;
  }

  /** Forget the token and any refusal; the password file is read again on the next call. */
  reload(): void {
    this.invalidate();
    this.refusal = undefined;
    this.pending = undefined;
    this.generation += 1;
  }

  state(): PeerLoginState {
    if (this.refusal) return 'refused';
    if (this.noRbac) return 'not-required';
    return this.token ? 'accepted' : 'pending';
  }

  private async login(login: LoginCall): Promise<E.Either<PeerFailure, Record<string, string>>> {
    const { account, passwordFile } = this.credentials;
    const password = readPassword(passwordFile);
    if (E.isLeft(password)) return E.left({ url: passwordFile, reason: password.left });
    const refusal = this.refusal;
    if (refusal && refusal.password === password.right && this.now() < refusal.until) return E.left(refusal.failure);
    const generation = this.generation;
    const answer = await login(account, password.right);
    if (answer.kind === 'failed') return E.left(answer.failure);
    // Reloaded meanwhile (an account just created, a new password): the next call logs in afresh.
    if (generation !== this.generation) return answer.kind === 'token' ? this.accept(answer.token) : E.left(answer.failure);
    if (answer.kind === 'refused') {
      if (answer.status === 404) {
        this.refusal = undefined;
        this.noRbac = true;
        return E.right({});
      }
      const count = (this.refusal?.count ?? 0) + 1;
      const until = Rbac.loginRetryAt(this.now(), count);
      const retry = new Date(until).toISOString();
      const failure = {
        url: answer.failure.url,
        reason:
          `login as '${account}' refused: ${answer.failure.reason}; check the account and its password file ${passwordFile} ` +
          `(next try after ${retry}, when the file changes, or on SIGHUP)`,
      };
      this.refusal = { failure, until, password: password.right, count };
      this.token = undefined;
      return E.left(failure);
    }
    return this.accept(answer.token);
  }

  private accept(token: string): E.Either<PeerFailure, Record<string, string>> {
    this.refusal = undefined;
    this.token = { header: `Bearer ${token}`, refreshAt: Rbac.tokenTimes(token, this.now()).refreshAt };
    return E.right({ Authorization: this.token.header });
  }
}

/** The password: the file's first line, so a trailing newline from `echo` does not count. */
function readPassword(file: string): E.Either<string, string> {
  try {
    const password = fs.readFileSync(file, 'utf8').split(/\r?\n/)[0];
    return password === '' ? E.left(`the password file ${file} is empty; write the password on its first line`) : E.right(password);
  } catch (err) {
    return E.left(`cannot read the password file ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}); check the path and its permissions`);
  }
}
