import { startTestServer } from '../../__tests__/test-server';

describe('version, health, 404 and 405', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer({ clusterName: 'sc1' });
  });
  afterAll(async () => {
    await server.stop();
  });

  test('GET /v4/{project}/registry/version has apiVersion 4.0.0 and our version', async () => {
    const res = await fetch(`${server.url}/v4/default/registry/version`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as Record<string, string>;
    expect(body.apiVersion).toBe('4.0.0');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('any project answers version', async () => {
    const body = (await (await fetch(`${server.url}/v4/otherproject/registry/version`)).json()) as Record<string, string>;
    expect(body.apiVersion).toBe('4.0.0');
  });

  test('GET /version answers with apiVersion 3.0.0 (the peer client calls it)', async () => {
    const body = (await (await fetch(`${server.url}/version`)).json()) as Record<string, string>;
    expect(body.apiVersion).toBe('3.0.0');
  });

  test.each(['/v4/default/registry/health', '/health'])('GET %s lists the server instance', async (p) => {
    const res = await fetch(`${server.url}${p}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { instances: { endpoints: string[]; status: string }[] };
    expect(body.instances).toHaveLength(1);
    expect(body.instances[0].status).toBe('UP');
    expect(body.instances[0].endpoints[0]).toBe(`rest://127.0.0.1:${server.port}/`);
  });

  test('an unknown route gives 404 with an SC error body', async () => {
    const res = await fetch(`${server.url}/v4/default/registry/nothing-here`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as Record<string, string>;
    expect(body.errorCode).toBe('404001');
    expect(typeof body.errorCode).toBe('string');
    expect(body.detail).toContain('/v4/default/registry/nothing-here');
  });

  test('a known route with the wrong method gives 405 and Allow', async () => {
    const res = await fetch(`${server.url}/v4/default/registry/version`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('GET');
    const body = (await res.json()) as Record<string, string>;
    expect(body.errorCode).toBe('405001');
  });

  test('every response carries a request id', async () => {
    const res = await fetch(`${server.url}/version`, { headers: { 'X-Request-Id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const other = await fetch(`${server.url}/version`);
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('/metrics serves Prometheus text with request counters', async () => {
    await fetch(`${server.url}/version`);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/sc_http_requests_total\{method="GET",route="\/version",status="200"\} \d+/);
  });
});
