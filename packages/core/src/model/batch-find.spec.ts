// POST /registry/instances/action?type=query bodies (cari: discovery/batch_find.go).
import { decodeJson, decodeWith } from '../codec/decode';
import { BatchFindRequest, BatchFindResponse, BatchFindResult, FindFailedResult, FindInstance, FindResult, FindService } from './batch-find';
import { leftOf, rightOf } from '../__tests__/wire-helpers';

describe('BatchFindRequest codec', () => {
  test('services and instances, as in SC integration tests', () => {
    const req = {
      consumerServiceId: 'c',
      services: [
        { service: { appId: 'app', serviceName: 'svc', version: '0.0.2' }, rev: 'r1' },
        { service: { appId: 'app', serviceName: 'notexisted', version: '0.0.2' } },
      ],
      instances: [{ instance: { serviceId: 'p', instanceId: 'i' } }, { instance: { serviceId: 'p', instanceId: 'notexisted' } }],
    };
    expect(rightOf(decodeWith(BatchFindRequest, req))).toStrictEqual(req);
  });

  test('an empty body decodes (the "required services or instances" check comes later)', () => {
    expect(rightOf(decodeJson(BatchFindRequest, '{}'))).toStrictEqual({});
  });

  test.each<[unknown, string]>([
    [{ services: {} }, 'services: expected Array<FindService>, got {}'],
    [{ services: [{ service: { appId: 1 } }] }, 'services.0.service.appId: expected string, got 1'],
    [{ instances: [{ instance: { instanceId: false } }] }, 'instances.0.instance.instanceId: expected string, got false'],
    [{ instances: [{ rev: 3 }] }, 'instances.0.rev: expected string, got 3'],
  ])('%p -> 400001 naming the field', (input, detail) => {
    expect(leftOf(decodeWith(BatchFindRequest, input)).detail).toBe(detail);
  });

  test('FindService / FindInstance alone', () => {
    expect(rightOf(decodeWith(FindService, { service: null, rev: 'x' }))).toStrictEqual({ rev: 'x' });
    expect(rightOf(decodeWith(FindInstance, { instance: { serviceId: 's' } }))).toStrictEqual({ instance: { serviceId: 's' } });
  });
});

describe('BatchFindResponse codec', () => {
  /** The response shape of SC's integration/instances_test.go. */
  const body = {
    services: {
      updated: [{ index: 0, rev: 'abc', instances: [{ instanceId: 'i', serviceId: 'p', hostName: 'cse' }] }],
      failed: [{ indexes: [1], error: { errorCode: '400012', errorMessage: 'Micro-service does not exist' } }],
    },
    instances: {
      updated: [{ index: 0, rev: 'def', instances: [{ instanceId: 'i' }] }],
      failed: [{ indexes: [1], error: { errorCode: '400017', errorMessage: 'Instance does not exist' } }],
      notModified: [2],
    },
  };

  test('decodes updated / failed / notModified with errorCode read as a number', () => {
    const r = rightOf(decodeWith(BatchFindResponse, body));
    expect(r.services?.failed?.[0]).toStrictEqual({ indexes: [1], error: { errorCode: 400012, errorMessage: 'Micro-service does not exist' } });
    expect(r.instances?.failed?.[0].error.errorCode).toBe(400017);
    expect(r.services?.updated?.[0].index).toBe(0);
    expect(r.instances?.notModified).toEqual([2]);
  });

  test('re-encodes errorCode as a string', () => {
    const json = JSON.stringify(BatchFindResponse.encode(rightOf(decodeWith(BatchFindResponse, body))));
    expect(JSON.parse(json)).toEqual(body);
    expect(json).toContain('"errorCode":"400012"');
  });

  test('FindResult needs index and rev', () => {
    expect(leftOf(decodeWith(FindResult, { instances: [] })).detail).toBe('index: expected Int32, got nothing; rev: expected string, got nothing');
    expect(rightOf(decodeWith(FindResult, { index: 3, rev: '' }))).toStrictEqual({ index: 3, rev: '' });
  });

  test('FindFailedResult needs indexes and error', () => {
    expect(leftOf(decodeWith(FindFailedResult, { indexes: [0] })).detail).toBe('error: expected ErrorBody, got nothing');
    expect(leftOf(decodeWith(FindFailedResult, { indexes: ['0'], error: { errorCode: 1 } })).detail).toBe(
      'indexes.0: expected Int32, got "0"',
    );
  });

  test('an empty result is {}', () => {
    expect(rightOf(decodeWith(BatchFindResult, {}))).toStrictEqual({});
  });
});
