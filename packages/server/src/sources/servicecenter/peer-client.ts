import { peerTransportReason } from './peer-tls';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { ChangesResponse, ErrorBody, PeerFailure, PeerLoginState, TokenRequest, TokenResponse, decodeWith } from '@service-center/core';
// A failure is data (core's PeerFailure, shown in /admin/sources and alarms), never a throw.
import type { Peer } from '../../config/peers';
import { AnswerDeadline } from './answer-deadline';
import { AnswerTooLarge, boundedBytes } from './bounded-body';
import { decodeDump } from './dump-decoder';
import { decodeJsonBody } from './json-body';
import type { DumpConversion, PeerDump } from './peer-dump';
import { CLUSTER_HEADER } from '../../http/peer-reader';
import type { LoginAnswer, PeerLogin } from './peer-login';

export type PeerClientOptions = Readonly<{
  timeoutMs: number;
  /** The most bytes read of one answer (`--peer-max-bytes`); a larger one is a failed call. */
  maxBytes: number;
  fetch?: typeof fetch;
  /** The token for an RBAC-enabled peer; without it calls carry no Authorization header. */
  login?: PeerLogin;
  /** Our cluster name, declared on every call (the peer's export rules for us bind to it without RBAC). */
  clusterName?: string;
}>;

type Failed = Readonly<{ kind: 'transport' | 'answered'; reason: string; status?: number }>;

/** Turns the body of a successful answer into a value; a Left is why the answer is refused. */
type BodyDecoder<A> = (body: Buffer) => Promise<E.Either<string, A>> | E.Either<string, A>;

function jsonDecoder<A, O>(codec: t.Type<A, O, unknown>): BodyDecoder<A> {
  return (body) => decodeJsonBody(codec, body);
}

/** One call's extras: the caller's abort, request headers, and how long the peer was asked to hold it. */
export type PeerCall = Readonly<{ signal?: AbortSignal; headers?: Record<string, string>; waitMs?: number }>;

/** A position in a peer's change stream and how long its long poll may wait for a change. */
export type ChangesQuery = Readonly<{ epoch: string; since: number; waitS: number }>;

/**
 * HTTP calls to one peer's replicas: round-robin from the last replica that answered,
 * moving to the next on a transport failure, each call bounded by an `AnswerDeadline`.
 */
export class PeerClient {
  private next = 0;
  private readonly fetchFn: typeof fetch;

  constructor(
    readonly peer: Peer,
    private readonly options: PeerClientOptions,
  ) {
    this.fetchFn = options.fetch ?? fetch;
  }

  loginState(): PeerLoginState | undefined {
    return this.options.login?.state();
  }

  /** Forget the token and a refusal: the credentials are read again (SIGHUP). */
  reloadCredentials(): void {
    this.options.login?.reload();
  }

  /**
   * `GET /v4/default/admin/dump` (the cache section), decoded with the core codec and
   * converted to source records; a big answer off the main thread (see `decodeDump`).
   */
  async dump(conversion: DumpConversion, signal?: AbortSignal): Promise<E.Either<PeerFailure, PeerDump>> {
    return this.getDecoded('/v4/default/admin/dump', (body) => decodeDump(body, conversion), { signal });
  }

  /** `GET /v4/default/admin/changes`: a long poll the peer holds up to `waitS` seconds. */
  async changes(q: ChangesQuery, signal?: AbortSignal): Promise<E.Either<PeerFailure, ChangesResponse>> {
    const path = `/v4/default/admin/changes?epoch=${encodeURIComponent(q.epoch)}&since=${q.since}&wait=${q.waitS}`;
    return this.getJson(path, ChangesResponse, { signal, waitMs: q.waitS * 1000 });
  }

  /**
   * GET a path on the first replica that answers; decode the JSON body with a codec. At an
   * RBAC-enabled peer the call carries our token, and a 401 renews it and retries once.
   */
  async getJson<A, O>(pathAndQuery: string, codec: t.Type<A, O, unknown>, call: PeerCall = {}): Promise<E.Either<PeerFailure, A>> {
    return this.getDecoded(pathAndQuery, jsonDecoder(codec), call);
  }

  private async getDecoded<A>(pathAndQuery: string, codec: BodyDecoder<A>, call: PeerCall): Promise<E.Either<PeerFailure, A>> {
    const login = this.options.login;
    if (!login) return this.dropStatus(await this.onReplicas('GET', pathAndQuery, codec, call));
    for (let attempt = 0; ; attempt++) {
      const auth = await login.headers((account, password) => this.token(account, password, call.signal));
      if (E.isLeft(auth)) return auth;
      const r = await this.onReplicas('GET', pathAndQuery, codec, { ...call, headers: { ...call.headers, ...auth.right } });
      if (E.isRight(r) || r.left.status !== 401 || attempt > 0) return this.dropStatus(r);
      login.invalidate();
    }
  }

  /** `POST /v4/token` at the peer: Service-Center's login. */
  private async token(account: string, password: string, signal?: AbortSignal): Promise<LoginAnswer> {
    const body: TokenRequest = { name: account, password };
    const r = await this.onReplicas('POST', '/v4/token', jsonDecoder(TokenResponse), { signal }, JSON.stringify(TokenRequest.encode(body)));
    if (E.isRight(r)) {
      return r.right.token ? { kind: 'token', token: r.right.token } : { kind: 'failed', failure: { url: this.peer.urls[0] ?? '', reason: 'the peer answered /v4/token without a token' } };
    }
    const failure = { url: r.left.url, reason: r.left.reason };
    const status = r.left.status;
    return status === 401 || status === 403 || status === 404 ? { kind: 'refused', status, failure } : { kind: 'failed', failure };
  }

  private dropStatus<A>(r: E.Either<PeerFailure & { status?: number }, A>): E.Either<PeerFailure, A> {
    return E.isRight(r) ? r : E.left({ url: r.left.url, reason: r.left.reason });
  }

  private async onReplicas<A>(
    method: 'GET' | 'POST',
    pathAndQuery: string,
    codec: BodyDecoder<A>,
    call: PeerCall,
    body?: string,
  ): Promise<E.Either<PeerFailure & { status?: number }, A>> {
    const urls = this.peer.urls;
    let last: PeerFailure = { url: urls[0] ?? '', reason: 'no URL' };
    for (let attempt = 0; attempt < urls.length; attempt++) {
      const i = (this.next + attempt) % urls.length;
      const url = `${urls[i]}${pathAndQuery}`;
      const r = await this.once(method, url, codec, call, body);
      if (E.isRight(r) || r.left.kind === 'answered') {
        this.next = i;
        return E.isRight(r) ? r : E.left({ url, reason: r.left.reason, status: r.left.status });
      }
      last = { url, reason: r.left.reason };
      if (call.signal?.aborted) break;
    }
    return E.left(last);
  }

  private async once<A>(
    method: 'GET' | 'POST',
    url: string,
    codec: BodyDecoder<A>,
    call: PeerCall,
    body?: string,
  ): Promise<E.Either<Failed, A>> {
    const deadline = new AnswerDeadline(this.options.timeoutMs, call.waitMs, call.signal);
    let res: Response;
    let answer: Buffer;
    try {
      res = await this.fetchFn(url, {
        method,
        headers: {
          'X-Domain-Name': 'default',
          Accept: 'application/json',
          ...(this.options.clusterName ? { [CLUSTER_HEADER]: this.options.clusterName } : {}),
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...call.headers,
        },
        body,
        signal: deadline.signal,
      });
      deadline.answered();
      answer = await boundedBytes(res, this.options.maxBytes);
    } catch (err) {
      if (err instanceof AnswerTooLarge) return E.left({ kind: 'answered', reason: err.message });
      return E.left({ kind: 'transport', reason: deadline.reason() ?? transportReason(err) });
    } finally {
      deadline.done();
    }
    if (!res.ok) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(answer.toString('utf8'));
      } catch {
        return E.left({ kind: 'answered', status: res.status, reason: `HTTP ${res.status} with a body that is not JSON` });
      }
      const e = decodeWith(ErrorBody, parsed);
      const detail = E.isRight(e) ? `${e.right.errorCode} ${e.right.errorMessage ?? ''} ${e.right.detail ?? ''}`.trim() : '';
      const hint = rbacHint(res.status, this.options.login?.credentials.account);
      return E.left({ kind: 'answered', status: res.status, reason: `HTTP ${res.status} ${detail}${hint}`.trim() });
    }
    const decoded = await codec(answer);
    return E.isLeft(decoded) ? E.left({ kind: 'answered', reason: decoded.left }) : E.right(decoded.right);
  }
}

function transportReason(err: unknown): string {
  const e = err as { cause?: { code?: string; message?: string }; message?: string };
  return peerTransportReason(e.cause?.code, e.cause?.message ?? e.message ?? String(err));
}

/** What to do when a peer's RBAC refuses a call. */
function rbacHint(status: number, account: string | undefined): string {
  if (status === 401 && account === undefined) return '; the peer has RBAC enabled: set --peer-account and --peer-password-file';
  if (status === 403 && account !== undefined) return `; give the role of account '${account}' at the peer the ops resource with the get verb`;
  return '';
}
