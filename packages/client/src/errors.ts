import { SC_MESSAGES, isScCode } from '@service-center/core';
import type { TlsProblem } from './transport/tls';

/**
 * What went wrong, as one literal:
 * - `sc-error`: the server answered with a Service-Center error body (`code` is its errorCode);
 * - `http`: a non-2xx answer without an SC error body (e.g. a proxy's 502, a 404 page);
 * - `decode`: a 2xx answer whose body does not match the wire codec;
 * - `network` / `timeout`: no answer at all; `cause` holds the underlying failure;
 * - `closed`: the client was closed before or during the call.
 */
export type ScClientErrorKind = 'sc-error' | 'http' | 'decode' | 'network' | 'timeout' | 'closed';

export type ScClientErrorInit = Readonly<{
  kind: ScClientErrorKind;
  message: string;
  /** SC error code (400012, 400017, ...) for `sc-error`. */
  code?: number;
  /** HTTP status, when the server answered. */
  status?: number;
  detail?: string;
  /** The server address the failure came from (or the last one tried). */
  endpoint?: string;
  /** Every address tried, for `network` / `timeout` after failover. */
  endpoints?: readonly string[];
  /** A connection that failed in the TLS handshake: what to pass to fix it. */
  tlsProblem?: TlsProblem;
  cause?: unknown;
}>;

/** The one error type the client throws. Discriminate on `kind`; SC errors carry `code`. */
export class ScClientError extends Error {
  readonly kind: ScClientErrorKind;
  readonly code: number | undefined;
  readonly status: number | undefined;
  readonly detail: string | undefined;
  readonly endpoint: string | undefined;
  readonly endpoints: readonly string[];
  readonly tlsProblem: TlsProblem | undefined;

  constructor(init: ScClientErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ScClientError';
    this.kind = init.kind;
    this.code = init.code;
    this.status = init.status;
    this.detail = init.detail;
    this.endpoint = init.endpoint;
    this.endpoints = init.endpoints ?? (init.endpoint ? [init.endpoint] : []);
    this.tlsProblem = init.tlsProblem;
  }
}

export function isScClientError(e: unknown): e is ScClientError {
  return e instanceof ScClientError;
}

/** No answer from any server: the kinds the cache is allowed to cover for. */
export function isUnreachable(e: unknown): e is ScClientError {
  return isScClientError(e) && (e.kind === 'network' || e.kind === 'timeout');
}

/** An SC error with this code (e.g. 400017 "Instance does not exist"). */
export function hasScCode(e: unknown, code: number): e is ScClientError {
  return isScClientError(e) && e.kind === 'sc-error' && e.code === code;
}

/** Build the error for an SC error body. */
export function scClientError(
  body: Readonly<{ errorCode: number; errorMessage?: string; detail?: string }>,
  status: number,
  endpoint: string,
  what: string,
): ScClientError {
  const text = body.errorMessage ?? (isScCode(body.errorCode) ? SC_MESSAGES[body.errorCode] : 'error');
  const detail = body.detail ? `: ${body.detail}` : '';
  return new ScClientError({
    kind: 'sc-error',
    message: `${what}: ${body.errorCode} ${text}${detail}`,
    code: body.errorCode,
    status,
    detail: body.detail,
    endpoint,
  });
}

export function closedError(): ScClientError {
  return new ScClientError({ kind: 'closed', message: 'the service-center client is closed' });
}

/** A readable one-liner of any thrown value. */
export function describeCause(e: unknown): string {
  if (e instanceof Error) {
    // node-fetch: "request to http://h/p failed, reason: connect ECONNREFUSED h:1"
    const fetchFailure = /^request to \S+ failed, reason: (.*)$/s.exec(e.message);
    if (fetchFailure) return fetchFailure[1].trim();
    const code = (e as NodeJS.ErrnoException).code;
    return code && !e.message.includes(code) ? `${code}: ${e.message.trim()}` : e.message.trim();
  }
  return String(e);
}

/** The error code of a failed connection (`ECONNREFUSED`, `SELF_SIGNED_CERT_IN_CHAIN`, ...), also when wrapped. */
export function errorCodeOf(e: unknown): string | undefined {
  // Duck-typed: errors made by Node's own modules fail `instanceof Error` under jest's realms.
  for (let cur: unknown = e, depth = 0; typeof cur === 'object' && cur !== null && depth < 4; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
  }
  return undefined;
}
