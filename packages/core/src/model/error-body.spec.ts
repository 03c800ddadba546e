// The SC error body codec (cari: pkg/errsvc/error.go): errorCode written as a JSON string, read as either.
import * as E from 'fp-ts/Either';
import { decodeJson, decodeWith } from '../codec/decode';
import { ErrorBody, ErrorCodeString } from './error-body';
import { errorBodyOf, scError } from '../errors/sc-error';
import { leftOf, rightOf } from '../__tests__/wire-helpers';

describe('ErrorBody codec', () => {
  test.each(['"400012"', '400012'])('accepts errorCode %s', (code) => {
    const body = rightOf(
      decodeJson(ErrorBody, `{"errorCode":${code},"errorMessage":"Micro-service does not exist","detail":"Service does not exist."}`),
    );
    expect(body).toStrictEqual({ errorCode: 400012, errorMessage: 'Micro-service does not exist', detail: 'Service does not exist.' });
  });

  test('writes errorCode as a string', () => {
    expect(JSON.stringify(ErrorBody.encode({ errorCode: 400012, errorMessage: 'Micro-service does not exist' }))).toBe(
      '{"errorCode":"400012","errorMessage":"Micro-service does not exist"}',
    );
  });

  test('reads what errorBodyOf writes', () => {
    const err = scError(400017, 'Instance does not exist.');
    expect(rightOf(decodeWith(ErrorBody, errorBodyOf(err)))).toStrictEqual({
      errorCode: 400017,
      errorMessage: 'Instance does not exist',
      detail: 'Instance does not exist.',
    });
  });

  test.each<[unknown, string]>([
    [{ errorMessage: 'x' }, 'errorCode: expected ErrorCode, got nothing'],
    [{ errorCode: 'abc' }, 'errorCode: expected ErrorCode, got "abc"'],
    [{ errorCode: '-400001' }, 'errorCode: expected ErrorCode, got "-400001"'],
    [{ errorCode: '' }, 'errorCode: expected ErrorCode, got ""'],
    [{ errorCode: 400001.5 }, 'errorCode: expected ErrorCode, got 400001.5'],
    [{ errorCode: 400001, detail: 5 }, 'detail: expected string, got 5'],
  ])('%p -> 400001 naming the field', (input, detail) => {
    expect(leftOf(decodeWith(ErrorBody, input)).detail).toBe(detail);
  });

  test('ErrorCodeString.is is true for integers only', () => {
    expect(ErrorCodeString.is(400012)).toBe(true);
    expect(ErrorCodeString.is('400012')).toBe(false);
    expect(ErrorCodeString.decode('500003')).toEqual(E.right(500003));
  });
});
