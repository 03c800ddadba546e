// validateField / validateObject mechanics: 400001, SC detail text, nested objects.
import * as E from 'fp-ts/Either';
import { FieldRule, ObjectRules } from './rule';
import { invalidFieldDetail, validateField, validateObject } from './validate';
import { leftOf } from '../__tests__/wire-helpers';

const appId: FieldRule = { field: 'appId', goName: 'AppId', kind: 'string', rule: { min: 1, max: 160, regexp: /^[a-zA-Z0-9]*$/ } };

const inner: ObjectRules = { goType: 'Inner', fields: [{ field: 'n', goName: 'N', kind: 'int', rule: { max: 5 } }] };
const outer: ObjectRules = {
  goType: 'Outer',
  fields: [appId],
  nested: [
    { field: 'one', rules: inner },
    { field: 'many', rules: inner, array: true },
  ],
};

describe('validateField', () => {
  test('valid value -> Right(undefined)', () => {
    expect(validateField('MicroService', appId, 'app')).toEqual(E.right(undefined));
  });

  test('invalid value -> frozen 400001 with the SC detail', () => {
    const err = leftOf(validateField('MicroService', appId, 'x y'));
    expect(err).toEqual({
      kind: 'sc-error',
      code: 400001,
      message: 'Invalid parameter(s)',
      detail: "field 'MicroService.AppId' invalid value 'x y' does not match rule: {Min: 1, Max: 160, Regexp: ^[a-zA-Z0-9]*$}",
    });
    expect(Object.isFrozen(err)).toBe(true);
  });

  test('invalidFieldDetail is the same text', () => {
    expect(invalidFieldDetail('MicroService', appId, 'x y')).toBe(leftOf(validateField('MicroService', appId, 'x y')).detail);
  });
});

describe('validateObject', () => {
  test('valid object with valid nested objects', () => {
    expect(validateObject(outer, { appId: 'a', one: { n: 5 }, many: [{ n: 0 }, { n: 1 }] })).toEqual(E.right(undefined));
  });

  test('a failing nested object names the nested Go type', () => {
    expect(leftOf(validateObject(outer, { appId: 'a', one: { n: 6 } })).detail).toBe(
      "field 'Inner.N' invalid value '6' does not match rule: {Max: 5}",
    );
  });

  test('every element of a nested array is checked', () => {
    expect(leftOf(validateObject(outer, { appId: 'a', many: [{ n: 1 }, { n: -2 }] })).detail).toBe(
      "field 'Inner.N' invalid value '-2' does not match rule: {Max: 5}",
    );
  });

  test('absent, null and non-object nested values are skipped', () => {
    expect(validateObject(outer, { appId: 'a', one: null, many: undefined })).toEqual(E.right(undefined));
    expect(validateObject(outer, { appId: 'a', one: 'text', many: 'not an array' })).toEqual(E.right(undefined));
    expect(validateObject(outer, { appId: 'a', many: [null, 3] })).toEqual(E.right(undefined));
  });

  test('own fields are checked before nested objects', () => {
    expect(leftOf(validateObject(outer, { appId: '', one: { n: 9 } })).detail).toMatch(/^field 'Outer\.AppId' /);
  });

  test('unknown fields are ignored', () => {
    expect(validateObject(outer, { appId: 'a', extra: { anything: true } })).toEqual(E.right(undefined));
  });
});
