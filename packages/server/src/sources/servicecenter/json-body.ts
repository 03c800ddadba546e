import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { decodeWith } from '@service-center/core';

/** The body of a successful peer answer, decoded with a core codec; a Left is why it is refused. */
export function decodeJsonBody<A, O>(codec: t.Type<A, O, unknown>, body: Uint8Array): E.Either<string, A> {
  let answer: unknown;
  try {
    answer = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch {
    return E.left('HTTP 200 with a body that is not JSON');
  }
  const decoded = decodeWith(codec, answer);
  return E.isLeft(decoded) ? E.left(`unexpected answer: ${decoded.left.detail ?? ''}`) : E.right(decoded.right);
}
