import type Koa from 'koa';
import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { ScCodes, decodeWith, scError } from '@service-center/core';
import { ScFailure } from './sc-failure';

/** SC's default `server.request.maxBodyBytes`. */
export const DEFAULT_MAX_BODY = 2 * 1024 * 1024;

/** Read the raw body, refusing more than `limit` bytes with 413 (SC error body). */
export async function readRawBody(ctx: Koa.Context, limit: number = DEFAULT_MAX_BODY): Promise<string> {
  // A middleware that had to look at the body first (RBAC labels) left it here.
  const early = (ctx.state as { rawBody?: unknown }).rawBody;
  if (typeof early === 'string') return early;
  const declared = Number(ctx.get('Content-Length'));
  if (Number.isFinite(declared) && declared > limit) {
    throw new ScFailure(scError(ScCodes.PayloadTooLarge, `request body of ${declared} bytes is over the limit of ${limit} bytes`));
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) {
      ctx.req.resume();
      throw new ScFailure(scError(ScCodes.PayloadTooLarge, `request body is over the limit of ${limit} bytes`));
    }
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  (ctx.state as { rawBody?: string }).rawBody = text;
  return text;
}

/**
 * Read and decode a JSON body with a core codec. Empty or malformed JSON, and values of the
 * wrong type, give 400001 naming what is wrong.
 */
export async function readJson<A, O>(ctx: Koa.Context, codec: t.Type<A, O, unknown>, limit?: number): Promise<A> {
  const text = await readRawBody(ctx, limit);
  if (text.trim() === '') throw new ScFailure(scError(ScCodes.InvalidParams, 'request body is empty; send a JSON object'));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ScFailure(scError(ScCodes.InvalidParams, `request body is not valid JSON: ${(err as Error).message}`));
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ScFailure(scError(ScCodes.InvalidParams, 'request body must be a JSON object'));
  }
  const r = decodeWith(codec, parsed);
  if (E.isLeft(r)) throw new ScFailure(r.left);
  return r.right;
}
