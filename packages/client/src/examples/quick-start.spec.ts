import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestServer, api } from '../__tests__/servers';
import { main } from './quick-start';

jest.setTimeout(20_000);

describe('the README example', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ clusterName: 'sc1' });
  });
  afterAll(async () => {
    await server.stop();
  });

  test('the README shows this very file', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const source = fs.readFileSync(path.join(__dirname, 'quick-start.ts'), 'utf8');
    expect(readme).toContain(source.trim());
  });

  test('registers, discovers itself and unregisters on close', async () => {
    const out: string[] = [];
    const client = await main([server.url], (l) => out.push(l));
    const reg = client.registration;
    expect(reg).toBeDefined();
    expect(out).toContain(`registered orders: service ${reg?.serviceId}, instance ${reg?.instanceId}`);
    expect(out).toContain('rest://127.0.0.1:8080 from sc1 (cluster)');
    await client.close();
    const gone = await api(server.url, 'GET', `/v4/default/registry/microservices/${reg?.serviceId}/instances/${reg?.instanceId}`);
    expect(gone.status).toBe(400);
    expect(out).toContain('event: unregistered');
  });
});
