import fc from 'fast-check';
import { startTestServer } from '../../__tests__/test-server';
import { call, createInstance, createService } from '../../__tests__/instances-helpers';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const base = '/v4/default/registry';
const PER_ROUTE = 50;

/** Texts that are no JSON object at all. */
const NOT_AN_OBJECT = [
  '', ' ', '{', '}', '[', '[]', '[{}]', 'null', 'true', '42', '"text"', "{'a':1}", '{"a":1,}', 'NaN', 'undefined',
  '{"a":', '\u0000', '{"a":1}}', '<xml/>', '{"a" 1}',
];

/** A value of a JSON type other than an object: what a field expecting an object must refuse. */
const nonObject = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 8 }),
  fc.boolean(),
  fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
);
/** Not a string. */
const nonString = fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { minKeys: 1, maxKeys: 2 }));
/** Not an array. */
const nonArray = fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.boolean(), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }));
/** A string map with a non-string value. */
const badMap = fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), nonString, { minKeys: 1, maxKeys: 2 });

/** 50 bodies: the fixed texts, then wrong-typed fields (seeded, so every run sends the same). */
function bodies(wrongTyped: fc.Arbitrary<unknown>, seed: number): string[] {
  const generated = fc.sample(wrongTyped, { seed, numRuns: PER_ROUTE - NOT_AN_OBJECT.length }).map((v) => JSON.stringify(v));
  return [...NOT_AN_OBJECT, ...generated];
}

const instanceBodies = bodies(
  fc.oneof(
    fc.record({ instance: nonObject }),
    fc.record({ instance: fc.record({ hostName: nonString }) }),
    fc.record({ instance: fc.record({ hostName: fc.constant('h'), endpoints: nonArray }) }),
    fc.record({ instance: fc.record({ hostName: fc.constant('h'), properties: badMap }) }),
    fc.record({ instance: fc.record({ hostName: fc.constant('h'), healthCheck: nonObject }) }),
    fc.record({ instance: fc.record({ hostName: fc.constant('h'), healthCheck: fc.record({ mode: fc.constant('push'), interval: fc.oneof(fc.string(), fc.double({ min: 1.1, max: 1.9 }), fc.constant(2 ** 40)) }) }) }),
  ),
  1,
);
const heartbeatBodies = bodies(
  fc.oneof(
    fc.record({ instances: nonArray }),
    fc.record({ instances: fc.array(nonObject, { minLength: 1, maxLength: 2 }) }),
    fc.record({ instances: fc.array(fc.record({ serviceId: nonString }), { minLength: 1, maxLength: 2 }) }),
  ),
  2,
);
const propertiesBodies = bodies(fc.oneof(fc.record({ properties: nonObject }), fc.record({ properties: badMap })), 3);
const bulkStatusBodies = bodies(
  fc.oneof(fc.record({ matches: nonObject }), fc.record({ matches: fc.record({ properties: fc.oneof(nonObject, badMap) }) }), fc.record({ status: nonString })),
  4,
);
const batchFindBodies = bodies(
  fc.oneof(
    fc.record({ services: nonArray }),
    fc.record({ instances: nonArray }),
    fc.record({ services: fc.array(fc.record({ service: nonObject }), { minLength: 1, maxLength: 2 }) }),
    fc.record({ instances: fc.array(fc.record({ instance: nonObject }), { minLength: 1, maxLength: 2 }) }),
    fc.record({ services: fc.array(fc.record({ service: fc.record({ appId: nonString }) }), { minLength: 1, maxLength: 2 }) }),
  ),
  5,
);

describe('malformed bodies on every instance write route give 400001, never 5xx', () => {
  let server: Server;
  let routes: (readonly [string, string, string, string[]])[];

  beforeAll(async () => {
    server = await startTestServer();
    const sid = await createService(server.url, { serviceName: 'malformed' });
    const iid = await createInstance(server.url, sid, { hostName: 'h' });
    routes = [
      ['register instance', 'POST', `${base}/microservices/${sid}/instances`, instanceBodies],
      ['batch heartbeat', 'PUT', `${base}/heartbeats`, heartbeatBodies],
      ['instance properties', 'PUT', `${base}/microservices/${sid}/instances/${iid}/properties`, propertiesBodies],
      ['bulk status', 'PUT', `${base}/instances/status`, bulkStatusBodies],
      ['batch find', 'POST', `${base}/instances/action?type=query`, batchFindBodies],
    ];
  });
  afterAll(async () => {
    await server.stop();
  });

  test.each(['register instance', 'batch heartbeat', 'instance properties', 'bulk status', 'batch find'])('%s', async (label) => {
    const [, method, path, texts] = routes.find((r) => r[0] === label) ?? ['', '', '', []];
    expect(texts).toHaveLength(PER_ROUTE);
    for (const rawBody of texts) {
      const r = await call(server.url, method, path, { rawBody, headers: { 'Content-Type': 'application/json' } });
      expect({ rawBody, status: r.status, code: r.body?.errorCode }).toEqual({ rawBody, status: 400, code: '400001' });
    }
    // The server still works.
    expect((await call(server.url, 'GET', '/health')).status).toBe(200);
  });
});
