// decodeWith / decodeJson / reportErrors: failures are 400001 naming the JSON field path.
import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { decodeJson, decodeWith, reportErrors } from './decode';
import { Int32, StringArray, struct } from './optional';
import { leftOf, rightOf } from '../__tests__/wire-helpers';

const Inner = struct('Inner', {}, { appId: t.string, port: Int32, names: StringArray });
const Outer = struct('Outer', { kind: t.string }, { service: Inner, list: t.array(Inner) });

describe('decodeWith', () => {
  test('a valid value decodes to Right', () => {
    expect(rightOf(decodeWith(Outer, { kind: 'k', service: { appId: 'a' } }))).toEqual({ kind: 'k', service: { appId: 'a' } });
  });

  test.each<[string, unknown, string]>([
    ['a wrong type in a nested object', { kind: 'k', service: { appId: 5 } }, 'service.appId: expected string, got 5'],
    ['a wrong type in an array element', { kind: 'k', list: [{}, { port: 'x' }] }, 'list.1.port: expected Int32, got "x"'],
    ['a wrong element type', { kind: 'k', service: { names: ['a', 1] } }, 'service.names.1: expected string, got 1'],
    ['a missing required field', {}, 'kind: expected string, got nothing'],
    ['a nested non-object', { kind: 'k', service: 'x' }, 'service: expected Inner, got "x"'],
    ['a non-object body', 'text', '(body): expected Outer, got "text"'],
  ])('%s -> 400001 naming the path', (_label, input, detail) => {
    const err = leftOf(decodeWith(Outer, input));
    expect(err).toEqual({ kind: 'sc-error', code: 400001, message: 'Invalid parameter(s)', detail });
  });

  test('several failures are joined with "; "', () => {
    const err = leftOf(decodeWith(Outer, { kind: 1, service: { appId: 2 } }));
    expect(err.detail).toBe('kind: expected string, got 1; service.appId: expected string, got 2');
  });

  test('at most five failures are reported', () => {
    const list = Array.from({ length: 9 }, () => ({ appId: 1 }));
    const err = leftOf(decodeWith(Outer, { kind: 'k', list }));
    expect(err.detail?.split('; ')).toHaveLength(5);
    expect(err.detail).toMatch(/^list\.0\.appId: expected string, got 1; list\.1\.appId/);
  });

  test('long values are abbreviated', () => {
    const err = leftOf(decodeWith(Outer, { kind: ['x'.repeat(200)] }));
    expect(err.detail).toMatch(/^kind: expected string, got \["x+\.\.\.$/);
    expect((err.detail ?? '').length).toBeLessThan(120);
  });
});

describe('decodeJson', () => {
  test('parses then decodes', () => {
    expect(rightOf(decodeJson(Outer, '{"kind":"k","service":{"appId":"a","zz":1}}'))).toEqual({ kind: 'k', service: { appId: 'a' } });
  });

  test.each(['', '{', '{"kind":', 'undefined', "{'kind':'k'}", '{"kind":"k",}'])('malformed JSON %j -> 400001', (text) => {
    const err = leftOf(decodeJson(Outer, text));
    expect(err.code).toBe(400001);
    expect(err.message).toBe('Invalid parameter(s)');
    expect(err.detail).toMatch(/^malformed JSON: /);
  });

  test('well-formed JSON of the wrong shape -> 400001 naming the field', () => {
    expect(leftOf(decodeJson(Outer, '{"kind":true}')).detail).toBe('kind: expected string, got true');
  });

  test('JSON null is a body of the wrong shape', () => {
    expect(leftOf(decodeJson(Outer, 'null')).detail).toBe('(body): expected Outer, got null');
  });
});

describe('reportErrors', () => {
  test('reports plain io-ts codecs too', () => {
    const r = t.type({ a: t.number }).decode({ a: 'x' });
    expect(E.isLeft(r) && reportErrors(r.left)).toEqual(['a: expected number, got "x"']);
  });

  test('intersection member indexes never leak into the path', () => {
    const r = Outer.decode({ kind: 'k', list: [{ appId: 1 }] });
    expect(E.isLeft(r) && reportErrors(r.left)).toEqual(['list.0.appId: expected string, got 1']);
  });
});
