// Wire codec building blocks: optional (null = absent), struct (unknown keys stripped), ints, maps.
import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { Int32, Int64, StringArray, StringMap, optional, struct } from './optional';

const Point = struct('Point', { x: Int32 }, { label: t.string, tags: StringArray });

describe('optional', () => {
  const o = optional(t.string);

  test.each([null, undefined])('%p decodes to undefined', (u) => {
    expect(o.decode(u)).toEqual(E.right(undefined));
  });

  test('a present value is decoded by the inner codec', () => {
    expect(o.decode('x')).toEqual(E.right('x'));
    expect(E.isLeft(o.decode(5))).toBe(true);
  });

  test('is / encode', () => {
    expect(o.is(undefined)).toBe(true);
    expect(o.is('x')).toBe(true);
    expect(o.is(null)).toBe(false);
    expect(o.encode(undefined)).toBeUndefined();
    expect(o.encode('x')).toBe('x');
    expect(o.name).toBe('optional(string)');
  });
});

describe('struct', () => {
  test('required and optional fields', () => {
    expect(Point.decode({ x: 1, label: 'a', tags: ['t'] })).toEqual(E.right({ x: 1, label: 'a', tags: ['t'] }));
    expect(Point.decode({ x: 1 })).toEqual(E.right({ x: 1 }));
  });

  test('a missing required field fails', () => {
    expect(E.isLeft(Point.decode({ label: 'a' }))).toBe(true);
  });

  test('unknown fields are stripped and never fail the decode', () => {
    const r = Point.decode({ x: 1, extra: { deep: [1, 2] }, other: null });
    expect(r).toEqual(E.right({ x: 1 }));
    if (E.isRight(r)) expect(Object.keys(r.right)).toEqual(['x']);
  });

  test('a null optional field decodes as absent: no key at all', () => {
    const r = Point.decode({ x: 1, label: null, tags: null });
    expect(r).toStrictEqual(E.right({ x: 1 }));
    if (E.isRight(r)) expect(r.right).not.toHaveProperty('label');
  });

  test('decoding does not mutate its input', () => {
    const input = { x: 1, label: null, extra: 1 };
    Point.decode(input);
    expect(input).toEqual({ x: 1, label: null, extra: 1 });
  });

  test.each([null, 'text', 5, [1]])('a non-object %p fails', (u) => {
    expect(E.isLeft(Point.decode(u))).toBe(true);
  });

  test('encode drops unknown keys and keeps the rest', () => {
    const value = { x: 2, label: 'b', sneaky: 'dropped' } as unknown as t.TypeOf<typeof Point>;
    expect(Point.encode(value)).toEqual({ x: 2, label: 'b' });
  });

  test('the codec carries its name and is an exact type', () => {
    expect(Point.name).toBe('Point');
    expect(Point._tag).toBe('ExactType');
    expect(Point.is({ x: 1 })).toBe(true);
    expect(Point.is({ label: 'a' })).toBe(false);
  });
});

describe('Int32 / Int64', () => {
  test.each([0, -1, 2147483647, -2147483648])('Int32 accepts %p', (n) => {
    expect(Int32.decode(n)).toEqual(E.right(n));
    expect(Int32.is(n)).toBe(true);
  });

  test.each([2147483648, -2147483649, 1.5, '1', null, NaN, Infinity])('Int32 rejects %p', (u) => {
    expect(E.isLeft(Int32.decode(u))).toBe(true);
    expect(Int32.is(u)).toBe(false);
  });

  test.each([0, 123, Number.MAX_SAFE_INTEGER])('Int64 accepts %p', (n) => {
    expect(Int64.decode(n)).toEqual(E.right(n));
  });

  test.each([Number.MAX_SAFE_INTEGER + 1, 1.5, '123', null])('Int64 rejects %p', (u) => {
    expect(E.isLeft(Int64.decode(u))).toBe(true);
  });
});

describe('StringMap / StringArray', () => {
  test('string maps', () => {
    expect(StringMap.decode({ a: 'b' })).toEqual(E.right({ a: 'b' }));
    expect(StringMap.decode({})).toEqual(E.right({}));
    expect(E.isLeft(StringMap.decode({ a: null }))).toBe(true);
    expect(E.isLeft(StringMap.decode({ a: 1 }))).toBe(true);
  });

  test('string arrays', () => {
    expect(StringArray.decode(['a', ''])).toEqual(E.right(['a', '']));
    expect(E.isLeft(StringArray.decode(['a', 1]))).toBe(true);
    expect(E.isLeft(StringArray.decode('a'))).toBe(true);
  });
});
