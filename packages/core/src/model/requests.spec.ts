// Request bodies of the v4 write routes (SC's server/resource/disco/*_resource.go).
import * as t from 'io-ts';
import { decodeJson, decodeWith } from '../codec/decode';
import {
  AddTagsRequest,
  CreateServiceRequest,
  DeleteServicesRequest,
  DependenciesRequest,
  HeartbeatSetRequest,
  ModifySchemaRequest,
  ModifySchemasRequest,
  PropertiesRequest,
  RegisterInstanceRequest,
  UpdateManyStatusRequest,
} from './requests';
import { leftOf, rightOf } from '../__tests__/wire-helpers';

describe('request bodies decode SC examples', () => {
  test.each<[string, t.Mixed, unknown]>([
    [
      'POST microservices',
      CreateServiceRequest,
      {
        service: { serviceName: 'svc', appId: 'integrationtestAppId', version: '0.0.1', level: 'FRONT', schemas: ['testSchema'], status: 'UP', properties: { attr1: 'aa' } },
        tags: { a: 'b' },
        instances: [{ hostName: 'h', endpoints: ['rest://a:1'] }],
      },
    ],
    ['PUT properties', PropertiesRequest, { properties: { attr2: 'bb' } }],
    ['DELETE microservices (batch)', DeleteServicesRequest, { serviceIds: ['a', 'b'], force: true }],
    ['POST instances', RegisterInstanceRequest, { instance: { hostName: 'cse', healthCheck: { mode: 'push', interval: 30, times: 2 } } }],
    ['PUT heartbeats', HeartbeatSetRequest, { instances: [{ serviceId: 's', instanceId: 'i' }] }],
    ['PUT instances/status', UpdateManyStatusRequest, { matches: { properties: { a: 'b' } }, status: 'DOWN' }],
    ['PUT schemas/{id}', ModifySchemaRequest, { schema: 'first_schema' }],
    ['POST schemas', ModifySchemasRequest, { schemas: [{ schema: 'second_schema', summary: 'second0summary', schemaId: 'second_schemaId' }] }],
    ['POST tags', AddTagsRequest, { tags: { testkey: 'testValue' } }],
    [
      'PUT dependencies',
      DependenciesRequest,
      { dependencies: [{ consumer: { appId: 'a', serviceName: 'c', version: '2.0.0' }, providers: [{ appId: 'a', serviceName: 'p', version: '0.0.1' }] }] },
    ],
  ])('%s', (_label, codec, body) => {
    expect(rightOf(decodeWith(codec, body))).toStrictEqual(body);
  });
});

describe('request bodies: unknown keys never fail, wrong types do', () => {
  test('the typo body {"instancse": …} decodes to {} (the later required check gives 400)', () => {
    expect(rightOf(decodeJson(RegisterInstanceRequest, '{"instancse":{"hostName":"h"}}'))).toStrictEqual({});
  });

  test('{"wrongtype": …} for properties decodes to {}', () => {
    expect(rightOf(decodeWith(PropertiesRequest, { wrongtype: { a: 'b' } }))).toStrictEqual({});
  });

  test('"instance": null is an absent instance', () => {
    expect(rightOf(decodeJson(RegisterInstanceRequest, '{"instance":null}'))).toStrictEqual({});
  });

  test('POST tags {} and {"tags":{}} both decode', () => {
    expect(rightOf(decodeJson(AddTagsRequest, '{}'))).toStrictEqual({});
    expect(rightOf(decodeJson(AddTagsRequest, '{"tags":{}}'))).toStrictEqual({ tags: {} });
  });

  test.each<[string, t.Mixed, unknown, string]>([
    ['service.appId a number', CreateServiceRequest, { service: { appId: 1 } }, 'service.appId: expected string, got 1'],
    ['instances[0].healthCheck.times a string', CreateServiceRequest, { instances: [{ healthCheck: { times: '3' } }] }, 'instances.0.healthCheck.times: expected Int32, got "3"'],
    ['force a string', DeleteServicesRequest, { force: 'true' }, 'force: expected boolean, got "true"'],
    ['instance.endpoints not a list', RegisterInstanceRequest, { instance: { endpoints: 'x' } }, 'instance.endpoints: expected StringArray, got "x"'],
    ['matches.properties a list', UpdateManyStatusRequest, { matches: { properties: [] } }, 'matches.properties: expected StringMap, got []'],
    ['schemas an object', ModifySchemasRequest, { schemas: {} }, 'schemas: expected Array<Schema>, got {}'],
    ['a tag value a number', AddTagsRequest, { tags: { a: 1 } }, 'tags.a: expected string, got 1'],
    ['a provider list an object', DependenciesRequest, { dependencies: [{ providers: {} }] }, 'dependencies.0.providers: expected Array<MicroServiceKey>, got {}'],
    ['a heartbeat element a string', HeartbeatSetRequest, { instances: ['x'] }, 'instances.0: expected HeartbeatSetElement, got "x"'],
  ])('%s -> 400001 naming the path', (_label, codec, body, detail) => {
    const err = leftOf(decodeWith(codec, body));
    expect(err.code).toBe(400001);
    expect(err.detail).toBe(detail);
  });
});
