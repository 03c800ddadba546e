import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { DumpResponse, ErrorBody, decodeWith } from '@service-center/core';
import type { Peer } from '../../config/peers';

/** Why a peer call failed, as data: shown in /admin/sources and alarms. */
export type PeerFailure = Readonly<{ url: string; reason: string }>;

export type PeerClientOptions = Readonly<{ timeoutMs: number; fetch?: typeof fetch }>;

/**
 * HTTP calls to one peer's replicas: round-robin from the last replica that answered,
 * moving to the next on a transport failure, each call bounded by the peer's timeout.
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

  /** `GET /v4/default/admin/dump` (the cache section), decoded with the core codec. */
  async dump(signal?: AbortSignal): Promise<E.Either<PeerFailure, DumpResponse>> {
    return this.getJson('/v4/default/admin/dump', DumpResponse, signal);
  }

  /** GET a path on the first replica that answers; decode the JSON body with a codec. */
  async getJson<A, O>(
    pathAndQuery: string,
    codec: t.Type<A, O, unknown>,
    signal?: AbortSignal,
    headers: Record<string, string> = {},
  ): Promise<E.Either<PeerFailure, A>> {
    const urls = this.peer.urls;
    let last: PeerFailure = { url: urls[0] ?? '', reason: 'no URL' };
    for (let attempt = 0; attempt < urls.length; attempt++) {
      const i = (this.next + attempt) % urls.length;
      const url = `${urls[i]}${pathAndQuery}`;
      const r = await this.getOnce(url, codec, signal, headers);
      if (E.isRight(r) || r.left.kind === 'answered') {
        this.next = i;
        return E.isRight(r) ? r : E.left({ url, reason: r.left.reason });
      }
      last = { url, reason: r.left.reason };
      if (signal?.aborted) break;
    }
    return E.left(last);
  }

  private async getOnce<A, O>(
    url: string,
    codec: t.Type<A, O, unknown>,
    signal: AbortSignal | undefined,
    headers: Record<string, string>,
  ): Promise<E.Either<{ kind: 'transport' | 'answered'; reason: string }, A>> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let res: Response;
    try {
      res = await this.fetchFn(url, { headers: { 'X-Domain-Name': 'default', Accept: 'application/json', ...headers }, signal: combined });
    } catch (err) {
      const reason = timeout.aborted ? `no answer within ${this.options.timeoutMs} ms` : transportReason(err);
      return E.left({ kind: 'transport', reason });
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      return E.left({ kind: 'answered', reason: `HTTP ${res.status} with a body that is not JSON` });
    }
    if (!res.ok) {
      const e = decodeWith(ErrorBody, body);
      const detail = E.isRight(e) ? `${e.right.errorCode} ${e.right.errorMessage ?? ''} ${e.right.detail ?? ''}`.trim() : '';
      return E.left({ kind: 'answered', reason: `HTTP ${res.status} ${detail}`.trim() });
    }
    const decoded = decodeWith(codec, body);
    if (E.isLeft(decoded)) return E.left({ kind: 'answered', reason: `unexpected answer: ${decoded.left.detail ?? ''}` });
    return E.right(decoded.right);
  }
}

function transportReason(err: unknown): string {
  const e = err as { cause?: { code?: string; message?: string }; message?: string };
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}
