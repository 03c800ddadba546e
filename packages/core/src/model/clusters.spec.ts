// GET /v4/{project}/admin/clusters (SC's pkg/dump/types.go).
import { decodeJson, decodeWith } from '../codec/decode';
import { ClustersResponse } from './clusters';
import { leftOf, rightOf } from '../__tests__/wire-helpers';

describe('ClustersResponse codec', () => {
  test('cluster name -> endpoints', () => {
    const body = '{"clusters": {"sc-1": ["http://127.0.0.1:2379"], "sc-2": ["http://10.12.0.2:30100"]}}';
    expect(rightOf(decodeJson(ClustersResponse, body))).toStrictEqual({
      clusters: { 'sc-1': ['http://127.0.0.1:2379'], 'sc-2': ['http://10.12.0.2:30100'] },
    });
  });

  test('an empty response (omitempty) is {}', () => {
    expect(rightOf(decodeJson(ClustersResponse, '{}'))).toStrictEqual({});
  });

  test('an endpoint list that is not a list fails naming the cluster', () => {
    expect(leftOf(decodeWith(ClustersResponse, { clusters: { 'sc-1': 'http://a' } })).detail).toBe(
      'clusters.sc-1: expected StringArray, got "http://a"',
    );
  });
});
