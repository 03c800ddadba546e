// Schema (cari: discovery/schema.go): {schemaId, summary, schema}.
import { decodeWith } from '../codec/decode';
import { Schema } from './schema';
import { leftOf, rightOf } from '../__tests__/wire-helpers';

describe('Schema codec', () => {
  test('all three fields', () => {
    const s = { schemaId: 'schemaID_2', summary: 'summary2', schema: 'schema_2' };
    expect(rightOf(decodeWith(Schema, s))).toStrictEqual(s);
  });

  test('a list item without content (withSchema=0) and a stray schemaSummary', () => {
    expect(rightOf(decodeWith(Schema, { schemaId: 'schemaID_1', schemaSummary: 'x' }))).toStrictEqual({ schemaId: 'schemaID_1' });
  });

  test('a wrong type fails naming the field', () => {
    expect(leftOf(decodeWith(Schema, { schema: { openapi: '3.0' } })).detail).toBe('schema: expected string, got {"openapi":"3.0"}');
  });
});
