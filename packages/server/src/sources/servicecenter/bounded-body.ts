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
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new AnswerTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}
