import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { ScError, scError } from '../errors/sc-error';
import { ScCodes } from '../errors/codes';

function describe(u: unknown): string {
  if (u === undefined) return 'nothing';
  try {
    const s = JSON.stringify(u);
    return s.length > 80 ? s.slice(0, 77) + '...' : s;
  } catch {
    return String(u);
  }
}

/** Readable decode errors: the path of JSON keys, what was expected and what came. */
export function reportErrors(errors: t.Errors): string[] {
  return errors.map((e) => {
    const keys: string[] = [];
    e.context.forEach((c, i) => {
      if (c.key === '') return;
      // Intersections add their member index as a key: it is not part of the JSON path. The
      // parent entry is usually the exact/optional wrapper, not the intersection itself, so
      // recognise the member entry by its value: it is the very object its parent holds.
      const parent = i > 0 ? e.context[i - 1] : undefined;
      if ((parent?.type as { _tag?: string } | undefined)?._tag === 'IntersectionType') return;
      if (parent !== undefined && typeof c.actual === 'object' && c.actual !== null && c.actual === parent.actual) return;
      keys.push(c.key);
    });
    const path = keys.join('.') || '(body)';
    const last = e.context[e.context.length - 1];
    const expected = last ? last.type.name.replace(/^optional\((.*)\)$/, '$1') : 'value';
    return `${path}: expected ${expected}, got ${describe(e.value)}`;
  });
}

/** Decode wire input with a codec; failures become SC error 400001 naming the field. */
export function decodeWith<A, O>(codec: t.Type<A, O, unknown>, input: unknown): E.Either<ScError, A> {
  const r = codec.decode(input);
  if (E.isRight(r)) return r;
  const lines = reportErrors(r.left);
  return E.left(scError(ScCodes.InvalidParams, Array.from(new Set(lines)).slice(0, 5).join('; ')));
}

/** Parse a JSON text then decode it; malformed JSON gives 400001 with the parse error. */
export function decodeJson<A, O>(codec: t.Type<A, O, unknown>, text: string): E.Either<ScError, A> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return E.left(scError(ScCodes.InvalidParams, `malformed JSON: ${(err as Error).message}`));
  }
  return decodeWith(codec, parsed);
}
