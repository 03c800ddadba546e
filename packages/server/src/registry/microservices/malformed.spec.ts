import { REG, TestServer, call, createService, errorCodeOf, uniqueName } from '../../__tests__/services-client';
import { startTestServer } from '../../__tests__/test-server';

/**
 * Malformed bodies on every write route of services/schemas/tags/dependencies: each must be
 * 400 with code 400001 (never a 5xx, never a success). Cases are generated: invalid JSON
 * texts, JSON that is not an object, truncations of a valid body, and wrong types per field.
 */

type Kind = 'string' | 'map' | 'strings' | 'objects' | 'object' | 'bool' | 'int';

/** Raw JSON number texts JSON.stringify cannot produce (huge, out of range). */
const RAW = { huge: '__RAW_1e400__', big: '__RAW_99999999999999999999999999__' } as const;

const WRONG: Readonly<Record<Kind, readonly unknown[]>> = {
  string: [1, true, [], {}, ['a'], { a: 'b' }, RAW.huge],
  map: [1, 's', true, [], ['a'], { a: 1 }, { a: {} }, { a: [] }, { a: true }, RAW.big],
  strings: [1, 's', {}, [1], [{}], [[]], [true], [null], RAW.huge],
  objects: [1, 's', {}, [1], ['s'], [[]], [true]],
  object: [1, 's', true, [], [{}], RAW.huge],
  bool: [1, 'true', [], {}, RAW.big],
  int: [1.5, '1', true, [], {}, RAW.huge, 2147483648, -2147483649, RAW.big],
};

const INVALID_TEXTS: readonly string[] = [
  '',
  '   ',
  '{',
  '}',
  '[',
  '{"a":}',
  'nul',
  'undefined',
  "{'a':1}",
  '{"a":1,}',
  '{"a" 1}',
  '\u0000',
  'NaN',
  '\ufeff{}',
  '{"a":1}{',
  '{"a":"\\x"}',
  '{"a":"unterminated}',
  'null',
  'true',
  '"a string"',
  '123',
  '1e400',
  '[]',
  '[{}]',
  `${'['.repeat(500)}${']'.repeat(500)}`,
];

/** Set `value` at a dotted path (numeric segments index arrays) in a deep copy of `body`. */
function withField(body: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const parts = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const p of parts.slice(0, -1)) node = node[p] as Record<string, unknown>;
  node[parts[parts.length - 1]] = value;
  return copy;
}

function textOf(body: unknown): string {
  return JSON.stringify(body).replace(/"__RAW_([^"]+)__"/g, '$1');
}

type Route = Readonly<{ name: string; method: string; path: () => string; valid: unknown; fields: readonly (readonly [string, Kind])[] }>;

function casesOf(route: Route): string[] {
  const valid = JSON.stringify(route.valid);
  const truncations = Array.from({ length: 15 }, (_, i) => valid.slice(0, Math.floor(((i + 1) * (valid.length - 1)) / 16)));
  const mutations = route.fields.flatMap(([path, kind]) => WRONG[kind].map((v) => textOf(withField(route.valid, path, v))));
  const nested = textOf(withField(route.valid, route.fields[0][0], JSON.parse(`${'{"x":'.repeat(200)}1${'}'.repeat(200)}`)));
  return [...INVALID_TEXTS, ...truncations, ...mutations, nested];
}

describe('malformed bodies on the write routes give 400001', () => {
  let server: TestServer;
  let serviceId = '';
  beforeAll(async () => {
    server = await startTestServer();
    serviceId = await createService(server, { serviceName: uniqueName('m'), appId: 'mal', version: '1.0.0', schemas: ['s1'] });
  });
  afterAll(async () => {
    await server.stop();
  });

  const consumer = { appId: 'mal', serviceName: 'cons', version: '1.0.0' };
  const routes: readonly Route[] = [
    {
      name: 'POST /microservices',
      method: 'POST',
      path: () => `${REG}/microservices`,
      valid: {
        service: { serviceName: 'x', appId: 'a', version: '1.0.0', properties: { a: 'b' }, schemas: ['s'], paths: [{ path: '/p', property: { k: 'v' } }], framework: { name: 'f' } },
        tags: { k: 'v' },
        instances: [{ hostName: 'h', endpoints: ['rest://h:1'], healthCheck: { mode: 'push', interval: 30, times: 3, port: 80 }, properties: { a: 'b' } }],
      },
      fields: [
        ['service', 'object'],
        ['service.serviceName', 'string'],
        ['service.appId', 'string'],
        ['service.version', 'string'],
        ['service.properties', 'map'],
        ['service.schemas', 'strings'],
        ['service.paths', 'objects'],
        ['service.paths.0.property', 'map'],
        ['service.framework', 'object'],
        ['service.framework.name', 'string'],
        ['service.LBStrategy', 'map'],
        ['service.providers', 'objects'],
        ['tags', 'map'],
        ['instances', 'objects'],
        ['instances.0.hostName', 'string'],
        ['instances.0.endpoints', 'strings'],
        ['instances.0.healthCheck', 'object'],
        ['instances.0.healthCheck.interval', 'int'],
        ['instances.0.healthCheck.port', 'int'],
        ['instances.0.properties', 'map'],
        ['instances.0.dataCenterInfo', 'object'],
      ],
    },
    {
      name: 'PUT /microservices/{id}/properties',
      method: 'PUT',
      path: () => `${REG}/microservices/${serviceId}/properties`,
      valid: { properties: { a: 'b', c: 'd' } },
      fields: [['properties', 'map']],
    },
    {
      name: 'DELETE /microservices',
      method: 'DELETE',
      path: () => `${REG}/microservices`,
      valid: { serviceIds: ['a', 'b'], force: false },
      fields: [
        ['serviceIds', 'strings'],
        ['force', 'bool'],
      ],
    },
    {
      name: 'PUT /microservices/{id}/schemas/{schemaId}',
      method: 'PUT',
      path: () => `${REG}/microservices/${serviceId}/schemas/s1`,
      valid: { schema: 'content', summary: 'sum' },
      fields: [
        ['schema', 'string'],
        ['summary', 'string'],
      ],
    },
    {
      name: 'POST /microservices/{id}/schemas',
      method: 'POST',
      path: () => `${REG}/microservices/${serviceId}/schemas`,
      valid: { schemas: [{ schemaId: 's1', schema: 'content', summary: 'sum' }] },
      fields: [
        ['schemas', 'objects'],
        ['schemas.0.schemaId', 'string'],
        ['schemas.0.schema', 'string'],
        ['schemas.0.summary', 'string'],
      ],
    },
    {
      name: 'POST /microservices/{id}/tags',
      method: 'POST',
      path: () => `${REG}/microservices/${serviceId}/tags`,
      valid: { tags: { k: 'v', k2: 'v2' } },
      fields: [['tags', 'map']],
    },
    ...(['POST', 'PUT'] as const).map(
      (method): Route => ({
        name: `${method} /dependencies`,
        method,
        path: () => `${REG}/dependencies`,
        valid: { dependencies: [{ consumer, providers: [{ appId: 'mal', serviceName: 'p', version: '1.0.0' }] }] },
        fields: [
          ['dependencies', 'objects'],
          ['dependencies.0.consumer', 'object'],
          ['dependencies.0.consumer.serviceName', 'string'],
          ['dependencies.0.consumer.version', 'string'],
          ['dependencies.0.providers', 'objects'],
          ['dependencies.0.providers.0.serviceName', 'string'],
          ['dependencies.0.providers.0.appId', 'string'],
          ['dependencies.0.override', 'bool'],
        ],
      }),
    ),
  ];

  test.each(routes.map((r) => [r.name, r] as const))('%s', async (_name, route) => {
    const cases = casesOf(route);
    expect(cases.length).toBeGreaterThanOrEqual(50);
    const failures: string[] = [];
    for (const raw of cases) {
      const r = await call(server, route.method, route.path(), { raw });
      if (r.status !== 400 || errorCodeOf(r) !== '400001') failures.push(`${r.status} ${r.text.slice(0, 120)} <- ${raw.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
  });

  test('nothing was written by the malformed requests', async () => {
    const list = await call(server, 'GET', `${REG}/microservices`);
    expect((list.json as { services: unknown[] }).services).toHaveLength(1);
    expect((await call(server, 'GET', `${REG}/microservices/${serviceId}/tags`)).text).toBe('{}');
    expect((await call(server, 'GET', `${REG}/microservices/${serviceId}/schemas?withSchema=1`)).json).toEqual({ schemas: [{ schemaId: 's1' }] });
  });
});
