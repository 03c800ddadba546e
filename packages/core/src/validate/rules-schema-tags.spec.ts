// SC v2.2.0 schema and tag rules (server/service/validator/{schema,tag}_validator.go) and the
// cases of server/service/disco/{tag,schema}_test.go.
import * as E from 'fp-ts/Either';
import { AddTagsRule, DeleteTagsRule, ModifySchemaRules, SchemaIdRule, SchemaItemRules, TagKeyRule, TagValueRule } from './rules';
import { validateField, validateObject } from './validate';
import { SC_RE, chars, detailOf, leftOf } from '../__tests__/wire-helpers';

const TAG = `{Regexp: ${SC_RE.tag}}`;

describe('schemas: single PUT vs batch POST', () => {
  test.each<[string, Record<string, unknown>]>([
    ['schema without summary', { schemaId: 'first_schemaId', schema: 'first_schema' }],
    ['schema with summary', { schemaId: '1', schema: 'xxx', summary: 'hash' }],
    ['schemaId of 160 chars', { schemaId: chars(160, 's'), schema: 'x' }],
    ['summary of 128 chars', { schemaId: 's', schema: 'x', summary: chars(128) }],
  ])('single: %s is accepted', (_label, body) => {
    expect(validateObject(ModifySchemaRules, body)).toEqual(E.right(undefined));
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['empty schema content', { schemaId: 's', schema: '' }, detailOf('ModifySchemaRequest', 'Schema', '', '{Min: 1}')],
    ['missing schema content', { schemaId: 's' }, detailOf('ModifySchemaRequest', 'Schema', '', '{Min: 1}')],
    ['schemaId 161 chars', { schemaId: chars(161), schema: 'x' }, detailOf('ModifySchemaRequest', 'SchemaId', chars(161), `{Min: 1, Max: 160, Regexp: ${SC_RE.schemaId}}`)],
    ['schemaId ending with -', { schemaId: 'abc-', schema: 'x' }, detailOf('ModifySchemaRequest', 'SchemaId', 'abc-', `{Min: 1, Max: 160, Regexp: ${SC_RE.schemaId}}`)],
    ['summary with a dash', { schemaId: 's', schema: 'x', summary: 'a-b' }, detailOf('ModifySchemaRequest', 'Summary', 'a-b', `{Max: 128, Regexp: ${SC_RE.summary}}`)],
    ['summary 129 chars', { schemaId: 's', schema: 'x', summary: chars(129) }, detailOf('ModifySchemaRequest', 'Summary', chars(129), `{Max: 128, Regexp: ${SC_RE.summary}}`)],
  ])('single: %s -> 400001', (_label, body, detail) => {
    const err = leftOf(validateObject(ModifySchemaRules, body));
    expect(err.code).toBe(400001);
    expect(err.detail).toBe(detail);
  });

  test('batch: an item with schemaId, summary and content is accepted', () => {
    expect(validateObject(SchemaItemRules, { schemaId: 'second_schemaId', schema: 'second_schema', summary: 'second0summary' })).toEqual(
      E.right(undefined),
    );
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['item without summary (required in batch)', { schemaId: '1', schema: 'xxx' }, detailOf('Schema', 'Summary', '', `{Min: 1, Max: 128, Regexp: ${SC_RE.summary}}`)],
    ['item with empty summary', { schemaId: '1', schema: 'xxx', summary: '' }, detailOf('Schema', 'Summary', '', `{Min: 1, Max: 128, Regexp: ${SC_RE.summary}}`)],
    ['item without content', { schemaId: '1', summary: 'hash' }, detailOf('Schema', 'Schema', '', '{Min: 1}')],
    ['item without schemaId', { schema: 'xxx', summary: 'hash' }, detailOf('Schema', 'SchemaId', '', `{Min: 1, Max: 160, Regexp: ${SC_RE.schemaId}}`)],
  ])('batch: %s -> 400001', (_label, body, detail) => {
    const err = leftOf(validateObject(SchemaItemRules, body));
    expect(err.code).toBe(400001);
    expect(err.detail).toBe(detail);
  });

  test.each(['s', 'schemaID_1', 'a.b-c_d', chars(160)])('SchemaIdRule accepts %j', (id) => {
    expect(validateField('GetSchemaRequest', SchemaIdRule, id)).toEqual(E.right(undefined));
  });

  test.each(['', '_a', 'a_', 'a b', chars(161)])('SchemaIdRule rejects %j', (id) => {
    expect(leftOf(validateField('GetSchemaRequest', SchemaIdRule, id)).code).toBe(400001);
  });
});

describe('tags: the tag regexp applies to keys and values', () => {
  const add = (tags: unknown) => validateField('AddServiceTagsRequest', AddTagsRule, tags);

  test.each<[string, Record<string, string>]>([
    ['one tag', { testkey: 'testValue' }],
    ['empty map', {}],
    ['64-char key and value', { [chars(64, 'k')]: chars(64, 'v') }],
    ['100 tags (the quota)', Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, `v${i}`]))],
    ['value with - _ .', { a: 'v1.0-beta_2' }],
  ])('add: %s is accepted', (_label, tags) => {
    expect(add(tags)).toEqual(E.right(undefined));
  });

  test('add: an absent tags map is an empty one', () => {
    expect(add(undefined)).toEqual(E.right(undefined));
  });

  test.each<[string, Record<string, string>, string]>([
    ['value "1.0"', { version: '1.0' }, '1.0'],
    ['empty value', { k: '' }, ''],
    ['empty key', { '': 'v' }, ''],
    ['key starting with a digit', { '1k': 'v' }, '1k'],
    ['65-char key', { [chars(65)]: 'v' }, chars(65)],
    ['65-char value', { k: chars(65) }, chars(65)],
    ['bad key sorted before good ones', { b: 'ok', a: '1' }, '1'],
  ])('add: %s -> 400001 printing the offending key or value', (_label, tags, bad) => {
    const err = leftOf(add(tags));
    expect(err.code).toBe(400001);
    expect(err.detail).toBe(detailOf('AddServiceTagsRequest', 'Tags', bad, `{Max: 100, Regexp: ${SC_RE.tag}}`));
  });

  test('add: more than 100 tags -> 400001 printing the whole map', () => {
    const tags = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${String(i).padStart(3, '0')}`, 'v']));
    const err = leftOf(add(tags));
    expect(err.detail).toMatch(/^field 'AddServiceTagsRequest\.Tags' invalid value 'map\[k000:v k001:v .* k100:v\]' does not match rule: \{Max: 100, /);
  });

  test.each<[string, string, boolean]>([
    ['key', 'testkey', true],
    ['key', '', false],
    ['key', chars(65), false],
    ['value', 'newValue', true],
    ['value', '1.0', false],
    ['value', '', false],
  ])('update: %s %j valid=%s', (which, text, ok) => {
    const rule = which === 'key' ? TagKeyRule : TagValueRule;
    const r = validateField('UpdateServiceTagRequest', rule, text);
    if (ok) expect(r).toEqual(E.right(undefined));
    else expect(leftOf(r).detail).toBe(detailOf('UpdateServiceTagRequest', rule.goName, text, TAG));
  });

  test.each<[string, string[], boolean]>([
    ['one key', ['testkey'], true],
    ['100 keys', Array.from({ length: 100 }, (_, i) => `k${i}`), true],
    ['no keys', [], false],
    ['101 keys', Array.from({ length: 101 }, (_, i) => `k${i}`), false],
    ['a bad key', ['ok', '9bad'], false],
  ])('delete: %s valid=%s', (_label, keys, ok) => {
    const r = validateField('DeleteServiceTagsRequest', DeleteTagsRule, keys);
    if (ok) expect(r).toEqual(E.right(undefined));
    else expect(leftOf(r).detail).toMatch(/^field 'DeleteServiceTagsRequest\.Keys' invalid value '.*' does not match rule: \{Min: 1, Max: 100, Regexp: /);
  });
});
