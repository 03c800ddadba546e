import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REG, call, createService } from '../../__tests__/services-client';
import { startTestServer } from '../../__tests__/test-server';

describe('restart keeps services, schemas, tags and dependency rules', () => {
  let dataDir = '';
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-services-restart-'));
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('a new server on the same data dir answers the same data', async () => {
    const first = await startTestServer({ dataDir });
    const provider = { serviceName: 'restartProvider', appId: 'restart', version: '1.0.0', alias: 'rp', properties: { a: 'b' } };
    const consumer = { serviceName: 'restartConsumer', appId: 'restart', version: '1.0.0' };
    const id = await createService(first, { ...provider, schemas: ['s1', 's2'] });
    const consumerId = await createService(first, consumer);
    expect((await call(first, 'PUT', `${REG}/microservices/${id}/schemas/s1`, { body: { schema: 'content-1', summary: 'sum1' } })).status).toBe(200);
    expect((await call(first, 'POST', `${REG}/microservices/${id}/tags`, { body: { tags: { stage: 'beta' } } })).status).toBe(200);
    expect((await call(first, 'PUT', `${REG}/dependencies`, { body: { dependencies: [{ consumer, providers: [provider] }] } })).status).toBe(200);
    const before = (await call(first, 'GET', `${REG}/microservices/${id}`)).json;
    await first.stop();

    const second = await startTestServer({ dataDir });
    try {
      expect((await call(second, 'GET', `${REG}/microservices/${id}`)).json).toEqual(before);
      const schema = await call(second, 'GET', `${REG}/microservices/${id}/schemas/s1`);
      expect(schema.json).toEqual({ schema: 'content-1' });
      expect(schema.headers.get('x-schema-summary')).toBe('sum1');
      expect((await call(second, 'GET', `${REG}/microservices/${id}/schemas?withSchema=1`)).json).toEqual({
        schemas: [{ schemaId: 's1', summary: 'sum1', schema: 'content-1' }, { schemaId: 's2' }],
      });
      expect((await call(second, 'GET', `${REG}/microservices/${id}/tags`)).json).toEqual({ tags: { stage: 'beta' } });
      const byAlias = await call(second, 'GET', `${REG}/existence?type=microservice&appId=restart&serviceName=rp&version=1.0.0`);
      expect(byAlias.json).toEqual({ serviceId: id });
      const consumers = await call(second, 'GET', `${REG}/microservices/${id}/consumers`);
      expect((consumers.json as { consumers: { serviceId: string }[] }).consumers.map((s) => s.serviceId)).toEqual([consumerId]);
      // Register is still idempotent against the restored index.
      expect(await createService(second, provider)).toBe(id);
    } finally {
      await second.stop();
    }
  });
});
