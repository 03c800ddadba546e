import * as t from 'io-ts';
import { struct } from '../codec/optional';

export const Schema = struct('Schema', {}, { schemaId: t.string, summary: t.string, schema: t.string });
export type Schema = t.TypeOf<typeof Schema>;
