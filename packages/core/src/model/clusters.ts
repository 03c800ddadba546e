import * as t from 'io-ts';
import { StringArray, struct } from '../codec/optional';

/** `GET /v4/{project}/admin/clusters`: `{"clusters": {name: [urls]}}`. */
export const ClustersResponse = struct('ClustersResponse', {}, { clusters: t.record(t.string, StringArray) });
export type ClustersResponse = t.TypeOf<typeof ClustersResponse>;
