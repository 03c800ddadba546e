import { setImmediate as nextTurn } from 'node:timers/promises';

const TURN_BYTES = 1 << 20;

/** A peer's answer exceeded what we read: a failed sync, never data. */
export class AnswerTooLarge extends Error {
  override readonly name = 'AnswerTooLarge';
  constructor(readonly limit: number) {
    super(`the answer is larger than --peer-max-bytes (${limit} bytes); raise --peer-max-bytes if the peer really holds that much`);
  }
}

/**
 * The body of a response as text, reading at most `limit` bytes: a declared length over the
 * limit is refused before reading, and a body that grows past it is cancelled mid-stream, so
 * a hostile or broken peer cannot make us buffer more than the limit.
 */
export async function boundedText(res: Response, limit: number): Promise<string> {
  return (await boundedBytes(res, limit)).toString('utf8');
}

/** The body of a response as bytes, under the same bound as `boundedText`. */
export async function boundedBytes(res: Response, limit: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel();
    throw new AnswerTooLarge(limit);
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  // Copied into one buffer as the chunks arrive (sized by the declared length when there is
  // one): a final concat of a 40 MB dump would hold up the event loop.
  let out = Buffer.allocUnsafe(Number.isFinite(declared) ? declared : 64 * 1024);
  let size = 0;
  let sinceTurn = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // Chunks already buffered come back as microtasks, which never let the event loop turn:
    // give it a turn every so often while a big body streams in.
    sinceTurn += value.byteLength;
    if (sinceTurn >= TURN_BYTES) {
      sinceTurn = 0;
      await nextTurn();
    }
    if (size + value.byteLength > limit) {
      await reader.cancel();
      throw new AnswerTooLarge(limit);
    }
    if (size + value.byteLength > out.byteLength) {
      const grown = Buffer.allocUnsafe(Math.min(limit, Math.max(out.byteLength * 2, size + value.byteLength)));
      out.copy(grown, 0, 0, size);
      out = grown;
    }
    out.set(value, size);
    size += value.byteLength;
  }
  return out.subarray(0, size);
}
