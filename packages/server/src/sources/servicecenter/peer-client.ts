import { peerTransportReason } from './peer-tls';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { ChangesResponse, DumpResponse, ErrorBody, PeerFailure, decodeWith } from '@service-center/core';
// A failure is data (core's PeerFailure, shown in /admin/sources and alarms), never a throw.
import type { Peer } from '../../config/peers';
import { AnswerDeadline } from './answer-deadline';

export type PeerClientOptions = Readonly<{ timeoutMs: number; fetch?: typeof fetch }>;

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

  /** `GET /v4/default/admin/dump` (the cache section), decoded with the core codec. */
  async dump(signal?: AbortSignal): Promise<E.Either<PeerFailure, DumpResponse>> {
    return this.getJson('/v4/default/admin/dump', DumpResponse, { signal });
  }

  /** `GET /v4/default/admin/changes`: a long poll the peer holds up to `waitS` seconds. */
  async changes(q: ChangesQuery, signal?: AbortSignal): Promise<E.Either<PeerFailure, ChangesResponse>> {
    const path = `/v4/default/admin/changes?epoch=${encodeURIComponent(q.epoch)}&since=${q.since}&wait=${q.waitS}`;
    return this.getJson(path, ChangesResponse, { signal, waitMs: q.waitS * 1000 });
  }

  /** GET a path on the first replica that answers; decode the JSON body with a codec. */
  async getJson<A, O>(pathAndQuery: string, codec: t.Type<A, O, unknown>, call: PeerCall = {}): Promise<E.Either<PeerFailure, A>> {
    const urls = this.peer.urls;
    let last: PeerFailure = { url: urls[0] ?? '', reason: 'no URL' };
    for (let attempt = 0; attempt < urls.length; attempt++) {
      const i = (this.next + attempt) % urls.length;
      const url = `${urls[i]}${pathAndQuery}`;
      const r = await this.getOnce(url, codec, call);
      if (E.isRight(r) || r.left.kind === 'answered') {
        this.next = i;
        return E.isRight(r) ? r : E.left({ url, reason: r.left.reason });
      }
      last = { url, reason: r.left.reason };
      if (call.signal?.aborted) break;
    }
    return E.left(last);
  }

  private async getOnce<A, O>(
    url: string,
    codec: t.Type<A, O, unknown>,
    call: PeerCall,
  ): Promise<E.Either<{ kind: 'transport' | 'answered'; reason: string }, A>> {
    const deadline = new AnswerDeadline(this.options.timeoutMs, call.waitMs, call.signal);
    let res: Response;
    let text: string;
    try {
      res = await this.fetchFn(url, {
        headers: { 'X-Domain-Name': 'default', Accept: 'application/json', ...call.headers },
        signal: deadline.signal,
      });
      deadline.answered();
      text = await res.text();
    } catch (err) {
      return E.left({ kind: 'transport', reason: deadline.reason() ?? transportReason(err) });
    } finally {
      deadline.done();
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
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
  return peerTransportReason(e.cause?.code, e.cause?.message ?? e.message ?? String(err));
}
