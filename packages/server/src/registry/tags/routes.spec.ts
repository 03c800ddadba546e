import { REG, TestServer, call, createService, detailOf, errorCodeOf, uniqueName } from '../../__tests__/services-client';
import { startTestServer } from '../../__tests__/test-server';

describe('tags (SC\'s integration/tags_test.go, server/service/disco/tag_test.go)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  const tags = (id: string) => `${REG}/microservices/${id}/tags`;
  const fresh = () => createService(server, { serviceName: uniqueName() });

  test('POST adds; POST {} and {tags:{}} are 200 (v1.4+); unknown service is 400', async () => {
    const id = await fresh();
    const add = await call(server, 'POST', tags(id), { body: { tags: { testkey: 'testValue' } } });
    expect(add.status).toBe(200);
    expect(add.text).toBe('');
    expect((await call(server, 'GET', tags(id))).json).toEqual({ tags: { testkey: 'testValue' } });
    expect((await call(server, 'POST', tags(id), { body: {} })).status).toBe(200);
    expect((await call(server, 'POST', tags(id), { body: { tags: {} } })).status).toBe(200);
    const unknown = await call(server, 'POST', tags('XXX'), { body: { tags: { a: 'b' } } });
    expect(unknown.status).toBe(400);
    expect(errorCodeOf(unknown)).toBe('400012');
  });

  test('POST replaces all tags', async () => {
    const id = await fresh();
    await call(server, 'POST', tags(id), { body: { tags: { a: 'x', b: 'y' } } });
    await call(server, 'POST', tags(id), { body: { tags: { c: 'z' } } });
    expect((await call(server, 'GET', tags(id))).json).toEqual({ tags: { c: 'z' } });
    await call(server, 'POST', tags(id), { body: { tags: {} } });
    expect((await call(server, 'GET', tags(id))).text).toBe('{}');
  });

  test('GET on a service without tags is {}; on an unknown service 400', async () => {
    const id = await fresh();
    const r = await call(server, 'GET', tags(id));
    expect(r.status).toBe(200);
    expect(r.text.trim()).toBe('{}');
    expect(errorCodeOf(await call(server, 'GET', tags('XXXX')))).toBe('400012');
  });

  test('PUT changes an existing key; unknown key 400018; unknown service 400012', async () => {
    const id = await fresh();
    await call(server, 'POST', tags(id), { body: { tags: { testkey: 'testValue' } } });
    const put = await call(server, 'PUT', `${tags(id)}/testkey?value=newValue`);
    expect(put.status).toBe(200);
    expect((await call(server, 'GET', tags(id))).json).toEqual({ tags: { testkey: 'newValue' } });
    const unknownKey = await call(server, 'PUT', `${tags(id)}/unknownkey?value=newValue`);
    expect(errorCodeOf(unknownKey)).toBe('400018');
    expect(detailOf(unknownKey)).toBe('Tag does not exist, please add one first.');
    expect(errorCodeOf(await call(server, 'PUT', `${tags('XXXXX')}/testkey?value=newValue`))).toBe('400012');
  });

  test('PUT with a value or key failing the tag rule is 400001 (incl. empty value)', async () => {
    const id = await fresh();
    await call(server, 'POST', tags(id), { body: { tags: { testkey: 'testValue' } } });
    for (const path of ['testkey?value=', 'testkey', 'testkey?value=1.0', `${'k'.repeat(65)}?value=v`, '1bad?value=v']) {
      expect(errorCodeOf(await call(server, 'PUT', `${tags(id)}/${path}`))).toBe('400001');
    }
    expect((await call(server, 'GET', tags(id))).json).toEqual({ tags: { testkey: 'testValue' } });
  });

  test('DELETE one key, then GET is {}; an unknown key is 400018 and changes nothing', async () => {
    const id = await fresh();
    await call(server, 'POST', tags(id), { body: { tags: { testkey: 'testValue' } } });
    expect((await call(server, 'DELETE', `${tags(id)}/testkey`)).status).toBe(200);
    expect((await call(server, 'GET', tags(id))).text).toBe('{}');
    await call(server, 'POST', tags(id), { body: { tags: { testkey: 'testValue' } } });
    const unknown = await call(server, 'DELETE', `${tags(id)}/unknowTag`);
    expect(unknown.status).toBe(400);
    expect(errorCodeOf(unknown)).toBe('400018');
    expect((await call(server, 'GET', tags(id))).json).toEqual({ tags: { testkey: 'testValue' } });
    expect(errorCodeOf(await call(server, 'DELETE', `${tags('XXX')}/testkey`))).toBe('400012');
  });

  test('DELETE takes a comma-separated list; one missing key deletes nothing', async () => {
    const id = await fresh();
    await call(server, 'POST', tags(id), { body: { tags: { a: 'x', b: 'y', c: 'z' } } });
    const partial = await call(server, 'DELETE', `${tags(id)}/a,nope`);
    expect(errorCodeOf(partial)).toBe('400018');
    expect(detailOf(partial)).toBe('Delete tags failed for this key nope does not exist.');
    expect((await call(server, 'GET', tags(id))).json).toEqual({ tags: { a: 'x', b: 'y', c: 'z' } });
    expect((await call(server, 'DELETE', `${tags(id)}/a,c`)).status).toBe(200);
    expect((await call(server, 'GET', tags(id))).json).toEqual({ tags: { b: 'y' } });
  });

  test('POST validation: empty key, values failing the tag rule, more than 100 tags, bad id are 400001', async () => {
    const id = await fresh();
    const tooMany = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'v']));
    for (const t of [{ '': 'v' }, { k: '' }, { k: '1.0' }, { k: 'a b' }, tooMany]) {
      const r = await call(server, 'POST', tags(id), { body: { tags: t } });
      expect(errorCodeOf(r)).toBe('400001');
      expect(detailOf(r)).toContain("field 'AddServiceTagsRequest.Tags'");
    }
    expect(errorCodeOf(await call(server, 'POST', tags('a%20b'), { body: { tags: { a: 'b' } } }))).toBe('400001');
    expect(errorCodeOf(await call(server, 'POST', tags('x'.repeat(65)), { body: { tags: { a: 'b' } } }))).toBe('400001');
    const hundred = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 'v']));
    expect((await call(server, 'POST', tags(id), { body: { tags: hundred } })).status).toBe(200);
  });

  test('force-deleting the service removes its tags', async () => {
    const service = { serviceName: uniqueName() };
    const id = await createService(server, service);
    await call(server, 'POST', tags(id), { body: { tags: { a: 'x' } } });
    await call(server, 'DELETE', `${REG}/microservices/${id}?force=true`);
    expect(await createService(server, service)).toBe(id);
    expect((await call(server, 'GET', tags(id))).text).toBe('{}');
  });
});
