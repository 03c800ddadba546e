// ScError values and the SC error body (cari: pkg/errsvc/error.go): errorCode is a JSON string.
import { errorBodyOf, isScError, scError, statusOf } from './sc-error';

describe('scError', () => {
  test('carries the fixed message of its code and the detail', () => {
    expect(scError(400012, 'Service does not exist.')).toEqual({
      kind: 'sc-error',
      code: 400012,
      message: 'Micro-service does not exist',
      detail: 'Service does not exist.',
    });
  });

  test('is frozen data', () => {
    const err = scError(400001, 'x');
    expect(Object.isFrozen(err)).toBe(true);
    expect(() => {
      (err as { code: number }).code = 500003;
    }).toThrow(TypeError);
  });

  test.each([undefined, ''])('detail %p is omitted', (detail) => {
    const err = scError(500003, detail);
    expect(err).not.toHaveProperty('detail');
    expect(err.message).toBe('Internal server error');
  });
});

describe('isScError', () => {
  test.each<[unknown, boolean]>([
    [scError(400001), true],
    [{ kind: 'sc-error', code: 400001, message: 'Invalid parameter(s)' }, true],
    [new Error('boom'), false],
    [{ code: 400001 }, false],
    [null, false],
    [undefined, false],
    ['sc-error', false],
  ])('%p -> %p', (u, expected) => {
    expect(isScError(u)).toBe(expected);
  });
});

describe('errorBodyOf / statusOf', () => {
  test('serialises errorCode as a JSON string, exactly like SC', () => {
    const body = errorBodyOf(scError(400012, 'Service does not exist.'));
    expect(JSON.stringify(body)).toBe(
      '{"errorCode":"400012","errorMessage":"Micro-service does not exist","detail":"Service does not exist."}',
    );
  });

  test('omits an empty detail', () => {
    expect(JSON.stringify(errorBodyOf(scError(403001)))).toBe('{"errorCode":"403001","errorMessage":"Forbidden"}');
  });

  test('a client string-matching on "errorCode":"400012" finds it (sc-client)', () => {
    expect(JSON.stringify(errorBodyOf(scError(400012)))).toContain('"errorCode":"400012"');
  });

  test.each<[400001 | 403001 | 500003 | 500011, number]>([
    [400001, 400],
    [403001, 403],
    [500003, 500],
    [500011, 500],
  ])('statusOf(%d) = %d', (code, status) => {
    expect(statusOf(scError(code))).toBe(status);
  });
});
