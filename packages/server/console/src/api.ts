import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { ErrorBody } from '@service-center/core';
import { currentToken, signedOut } from './session';
import { reportReachable, reportUnreachable } from './live';

/** The console shows one tenant: Service-Center's default domain and project. */
export const V4 = '/v4/default';

/** An answer the console could not use: the server's SC error, or a body that did not decode. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json', ...extra };
  const token = currentToken();
  if (token !== '') h.Authorization = `Bearer ${token}`;
  return h;
}

async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return new ApiError(res.status, `${res.status} ${res.statusText}`);
  }
  const decoded = ErrorBody.decode(body);
  if (E.isLeft(decoded)) return new ApiError(res.status, `${res.status} ${res.statusText}`);
  const e = decoded.right;
  return new ApiError(res.status, `${e.errorMessage ?? 'error'} (${e.errorCode})${e.detail ? `: ${e.detail}` : ''}`);
}

/** One request; network failures mark the server unreachable, 401 sends the user to the login page. */
async function send(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: 'no-store',
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    reportUnreachable(err instanceof Error ? err.message : String(err));
    throw new ApiError(0, 'the server is unreachable');
  }
  reportReachable();
  if (res.status === 401) {
    signedOut();
    throw await errorOf(res);
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

function decodeWith<A>(codec: t.Decoder<unknown, A>, value: unknown, path: string): A {
  const r = codec.decode(value);
  if (E.isLeft(r)) {
    const where = r.left[0]?.context.map((c) => c.key).filter((k) => k !== '').join('.') ?? '';
    throw new ApiError(200, `unexpected answer from ${path}${where ? ` at ${where}` : ''}`);
  }
  return r.right;
}

/** GET a JSON answer, decoded by a codec. An empty body (Service-Center's empty lists) decodes as `{}`. */
export async function getJson<A>(path: string, codec: t.Decoder<unknown, A>, signal?: AbortSignal): Promise<A> {
  const res = await send('GET', path, undefined, signal);
  const text = await res.text();
  return decodeWith(codec, text === '' ? {} : (JSON.parse(text) as unknown), path);
}

/** POST a JSON body; the answer is decoded when a codec is given. */
export async function postJson<A>(path: string, body: unknown, codec?: t.Decoder<unknown, A>): Promise<A | undefined> {
  const res = await send('POST', path, body);
  const text = await res.text();
  if (codec === undefined) return undefined;
  return decodeWith(codec, text === '' ? {} : (JSON.parse(text) as unknown), path);
}
