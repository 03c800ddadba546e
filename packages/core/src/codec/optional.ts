import * as t from 'io-ts';

/**
 * An optional wire field. Go's encoding/json treats `null` like an absent field, so we do
 * too: both decode to `undefined`.
 */
export function optional<C extends t.Mixed>(codec: C): t.Type<t.TypeOf<C> | undefined, t.OutputOf<C> | undefined, unknown> {
  return new t.Type<t.TypeOf<C> | undefined, t.OutputOf<C> | undefined, unknown>(
    `optional(${codec.name})`,
    (u): u is t.TypeOf<C> | undefined => u === undefined || codec.is(u),
    (u, c) => (u === null || u === undefined ? t.success(undefined) : codec.validate(u, c)),
    (a) => (a === undefined ? undefined : codec.encode(a)),
  );
}

/** A JSON object type: required fields, optional fields, unknown fields stripped (never fatal). */
export function struct<R extends t.Props, O extends t.Props>(name: string, required: R, opt: O) {
  const optionalProps = Object.fromEntries(Object.entries(opt).map(([k, c]) => [k, optional(c)])) as {
    [K in keyof O]: t.Type<t.TypeOf<O[K]> | undefined, t.OutputOf<O[K]> | undefined, unknown>;
  };
  const exact = t.exact(t.intersection([t.type(required), t.partial(optionalProps)]), name);
  // `null` makes an optional field absent: drop the key, not only its value.
  return new t.ExactType(
    name,
    exact.is,
    (u, c) => {
      const r = exact.validate(u, c);
      return r._tag === 'Right' ? t.success(withoutUndefined(r.right)) : r;
    },
    exact.encode,
    exact.type,
  ) as typeof exact;
}

function withoutUndefined<A extends object>(a: A): A {
  const entries = Object.entries(a);
  if (!entries.some(([, v]) => v === undefined)) return a;
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as A;
}

/** A string-to-string map; `null` values are rejected like Go would reject them for string. */
export const StringMap = t.record(t.string, t.string, 'StringMap');
export type StringMap = t.TypeOf<typeof StringMap>;

export const StringArray = t.array(t.string, 'StringArray');

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** A JSON number that is an integer within int32, as Go's int32 fields demand. */
export const Int32 = new t.Type<number, number, unknown>(
  'Int32',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= INT32_MIN && u <= INT32_MAX,
  (u, c) =>
    typeof u === 'number' && Number.isInteger(u) && u >= INT32_MIN && u <= INT32_MAX ? t.success(u) : t.failure(u, c),
  (a) => a,
);

/** An int64 JSON number (etcd revisions); safe integers only. */
export const Int64 = new t.Type<number, number, unknown>(
  'Int64',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u),
  (u, c) => (typeof u === 'number' && Number.isSafeInteger(u) ? t.success(u) : t.failure(u, c)),
  (a) => a,
);
