import { startTestServer } from '../__tests__/test-server';

describe('tenant isolation', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  test.each([
    [{ 'X-Domain-Name': 'default/default' }, '/v4/x/registry/microservices'],
    [{}, '/v4/a%2Fb/registry/microservices'],
  ])('a "/" in the domain or project is refused with 400001 (%j %s)', async (headers, p) => {
    const res = await fetch(`${server.url}${p}`, { headers });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, string>;
    expect(body.errorCode).toBe('400001');
    expect(body.detail).toMatch(/without '\/'/);
  });

  test('a service registered in one tenant is not visible in another', async () => {
    const reg = await fetch(`${server.url}/v4/p1/registry/microservices`, {
      method: 'POST',
      headers: { 'X-Domain-Name': 'd1', 'Content-Type': 'application/json' },
      body: JSON.stringify({ service: { serviceName: 'isolated', appId: 'a' } }),
    });
    expect(reg.status).toBe(200);
    const other = await fetch(`${server.url}/v4/default/registry/microservices`);
    const text = await other.text();
    expect(text).not.toContain('isolated');
  });
});
