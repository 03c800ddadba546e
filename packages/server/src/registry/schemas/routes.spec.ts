import { REG, TestServer, call, createService, detailOf, errorCodeOf, uniqueName } from '../../__tests__/services-client';
import { startTestServer } from '../../__tests__/test-server';

type SchemaItem = { schemaId: string; summary?: string; schema?: string };

describe('schemas (SC\'s integration/schema_test.go, server/resource/disco/schema_resource_test.go, server/service/disco/schema_test.go)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  const ms = (id: string) => `${REG}/microservices/${id}`;
  const schemasOf = async (id: string) => ((await call(server, 'GET', ms(id))).json as { service: { schemas?: string[] } }).service.schemas;
  const list = async (id: string, q = '') => ((await call(server, 'GET', `${ms(id)}/schemas${q}`)).json as { schemas?: SchemaItem[] }).schemas;

  test('the integration flow: PUT one, POST many, GET one, list, DELETE one, delete the service', async () => {
    const id = await createService(server, {
      serviceName: 'schema_test_serviceName',
      appId: 'schema_test_appId',
      version: '1.0.0',
      schemas: ['first_schemaId', 'second_schemaId'],
    });
    expect((await call(server, 'PUT', `${ms(id)}/schemas/first_schemaId`, { body: { schema: 'first_schema' } })).status).toBe(200);
    const post = await call(server, 'POST', `${ms(id)}/schemas`, {
      body: { schemas: [{ schema: 'second_schema', summary: 'second0summary', schemaId: 'second_schemaId' }] },
    });
    expect(post.status).toBe(200);
    expect((await call(server, 'GET', `${ms(id)}/schemas/second_schemaId`)).status).toBe(200);
    expect((await call(server, 'GET', `${ms(id)}/schemas`)).status).toBe(200);
    expect((await call(server, 'DELETE', `${ms(id)}/schemas/second_schemaId`)).status).toBe(200);
    expect((await call(server, 'DELETE', `${ms(id)}?force=true`)).status).toBe(200);
  });

  test('PUT one: summary optional, new ids appended to service.schemas, empty body 400', async () => {
    const id = await createService(server, { serviceName: uniqueName(), schemas: ['1'] });
    const before = await call(server, 'GET', `${ms(id)}/schemas/1`);
    expect(errorCodeOf(before)).toBe('400016');
    expect((await call(server, 'PUT', `${ms(id)}/schemas/1`, { body: { schema: 'xxx', summary: 'hash' } })).status).toBe(200);
    const got = await call(server, 'GET', `${ms(id)}/schemas/1`);
    expect(got.status).toBe(200);
    expect(got.json).toEqual({ schema: 'xxx' });
    expect(got.headers.get('x-schema-summary')).toBe('hash');
    expect((await call(server, 'PUT', `${ms(id)}/schemas/1`, { body: { schema: 'yyy' } })).status).toBe(200);
    expect((await call(server, 'GET', `${ms(id)}/schemas/1`)).json).toEqual({ schema: 'yyy' });
    expect((await call(server, 'PUT', `${ms(id)}/schemas/2`, { body: { schema: 'zzz' } })).status).toBe(200);
    expect(await schemasOf(id)).toEqual(['1', '2']);
    expect(errorCodeOf(await call(server, 'PUT', `${ms(id)}/schemas/3`, { raw: '' }))).toBe('400001');
    expect(errorCodeOf(await call(server, 'PUT', `${ms(id)}/schemas/3`, { body: {} }))).toBe('400001');
    expect(errorCodeOf(await call(server, 'PUT', `${ms(id)}/schemas/3`, { body: { schema: 'a', summary: 'no spaces allowed' } }))).toBe('400001');
  });

  test('DELETE one: 400016 when absent, then 200, then GET is 400016', async () => {
    const id = await createService(server, { serviceName: uniqueName(), schemas: ['1'] });
    const absent = await call(server, 'DELETE', `${ms(id)}/schemas/1`);
    expect(errorCodeOf(absent)).toBe('400016');
    await call(server, 'PUT', `${ms(id)}/schemas/1`, { body: { schema: 'xxx', summary: 'hash' } });
    expect((await call(server, 'DELETE', `${ms(id)}/schemas/1`)).status).toBe(200);
    expect(errorCodeOf(await call(server, 'GET', `${ms(id)}/schemas/1`))).toBe('400016');
    const exist = await call(server, 'GET', `${REG}/existence?type=schema&serviceId=${id}&schemaId=1`);
    expect(errorCodeOf(exist)).toBe('400016');
  });

  test('POST many overwrites the id set, summary is required', async () => {
    const id = await createService(server, { serviceName: uniqueName(), schemas: ['1'] });
    const post = (schemas: unknown) => call(server, 'POST', `${ms(id)}/schemas`, { body: { schemas } });
    expect((await post([{ schemaId: '1', schema: 'xxx', summary: 'hash' }])).status).toBe(200);
    expect((await post([{ schemaId: '1', schema: 'xxx2', summary: 'hash2' }])).status).toBe(200);
    expect((await call(server, 'GET', `${ms(id)}/schemas/1`)).json).toEqual({ schema: 'xxx2' });
    expect((await post([{ schemaId: '2', schema: 'yyy', summary: 'hash' }])).status).toBe(200);
    expect(await schemasOf(id)).toEqual(['2']);
    expect(errorCodeOf(await call(server, 'GET', `${ms(id)}/schemas/1`))).toBe('400016');
    for (const bad of [[], [{ schemaId: '3', schema: 'zzz' }], [{ schemaId: '3', summary: 's' }], [{ schema: 'z', summary: 's' }]]) {
      const r = await post(bad);
      expect(errorCodeOf(r)).toBe('400001');
      expect(detailOf(r)).toBe('Invalid request.');
    }
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ schemaId: `s${i}`, schema: 'x', summary: 's' }));
    expect(detailOf(await post(tooMany))).toBe('Invalid request.');
    expect(await schemasOf(id)).toEqual(['2']);
  });

  test('list: ids without content show only schemaId; summary always, content with withSchema=1', async () => {
    const id = await createService(server, { serviceName: uniqueName(), schemas: ['schemaID_1'] });
    expect(await list(id)).toEqual([{ schemaId: 'schemaID_1' }]);
    await call(server, 'POST', `${ms(id)}/schemas`, { body: { schemas: [{ schemaId: 'schemaID_2', schema: 'schema_2', summary: 'summary2' }] } });
    expect(await list(id)).toEqual([{ schemaId: 'schemaID_2', summary: 'summary2' }]);
    expect(await list(id, '?withSchema=0')).toEqual([{ schemaId: 'schemaID_2', summary: 'summary2' }]);
    expect(await list(id, '?withSchema=1')).toEqual([{ schemaId: 'schemaID_2', summary: 'summary2', schema: 'schema_2' }]);
  });

  test('list of a service without schemas is {}; withSchema other than 0/1 is 400001', async () => {
    const id = await createService(server, { serviceName: uniqueName() });
    expect((await call(server, 'GET', `${ms(id)}/schemas`)).text).toBe('{}');
    const bad = await call(server, 'GET', `${ms(id)}/schemas?withSchema=true`);
    expect(errorCodeOf(bad)).toBe('400001');
    expect(detailOf(bad)).toBe('parameter withSchema must be 1 or 0');
  });

  test('existence type=schema answers ids and X-Schema-Summary', async () => {
    const id = await createService(server, { serviceName: uniqueName(), schemas: ['s1'] });
    await call(server, 'PUT', `${ms(id)}/schemas/s1`, { body: { schema: 'content', summary: 'sum1' } });
    const r = await call(server, 'GET', `${REG}/existence?type=schema&serviceId=${id}&schemaId=s1`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ serviceId: id, schemaId: 's1' });
    expect(r.headers.get('x-schema-summary')).toBe('sum1');
    expect(errorCodeOf(await call(server, 'GET', `${REG}/existence?type=schema&serviceId=nosuch&schemaId=s1`))).toBe('400012');
    expect(errorCodeOf(await call(server, 'GET', `${REG}/existence?type=schema&serviceId=${id}&schemaId=s2`))).toBe('400016');
  });

  test('a new schema beyond the quota (100) is 400100; re-PUT of an existing one works', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `s${i}`);
    const id = await createService(server, { serviceName: uniqueName(), schemas: ids });
    const over = await call(server, 'PUT', `${ms(id)}/schemas/extra`, { body: { schema: 'x' } });
    expect(errorCodeOf(over)).toBe('400100');
    expect((await call(server, 'PUT', `${ms(id)}/schemas/s5`, { body: { schema: 'x' } })).status).toBe(200);
    expect(await schemasOf(id)).toHaveLength(100);
  });

  test('unknown service is 400012 and invalid ids 400001 on every schema route', async () => {
    const unknown = `${REG}/microservices/nosuchservice/schemas`;
    expect(errorCodeOf(await call(server, 'GET', unknown))).toBe('400012');
    expect(errorCodeOf(await call(server, 'GET', `${unknown}/s1`))).toBe('400012');
    expect(errorCodeOf(await call(server, 'PUT', `${unknown}/s1`, { body: { schema: 'x' } }))).toBe('400012');
    expect(errorCodeOf(await call(server, 'POST', unknown, { body: { schemas: [{ schemaId: 's', schema: 'x', summary: 's' }] } }))).toBe('400012');
    expect(errorCodeOf(await call(server, 'DELETE', `${unknown}/s1`))).toBe('400012');
    const id = await createService(server, { serviceName: uniqueName() });
    for (const schemaId of ['a%20b', '-bad', 's'.repeat(161)]) {
      expect(errorCodeOf(await call(server, 'GET', `${ms(id)}/schemas/${schemaId}`))).toBe('400001');
      expect(errorCodeOf(await call(server, 'PUT', `${ms(id)}/schemas/${schemaId}`, { body: { schema: 'x' } }))).toBe('400001');
      expect(errorCodeOf(await call(server, 'DELETE', `${ms(id)}/schemas/${schemaId}`))).toBe('400001');
    }
    expect(errorCodeOf(await call(server, 'GET', `${REG}/microservices/${'x'.repeat(65)}/schemas`))).toBe('400001');
  });

  test('force-deleting the service removes its schemas: re-registered, it has none', async () => {
    const service = { serviceName: uniqueName(), schemas: ['a'] };
    const id = await createService(server, service);
    await call(server, 'PUT', `${ms(id)}/schemas/a`, { body: { schema: 'content-a', summary: 'sa' } });
    expect((await call(server, 'DELETE', `${ms(id)}?force=true`)).status).toBe(200);
    expect(await createService(server, service)).toBe(id);
    expect(await list(id, '?withSchema=1')).toEqual([{ schemaId: 'a' }]);
    expect(errorCodeOf(await call(server, 'GET', `${ms(id)}/schemas/a`))).toBe('400016');
  });
});
