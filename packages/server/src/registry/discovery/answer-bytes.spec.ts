import * as http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { startTestServer } from '../../__tests__/test-server';
import { createInstance, createService, uniqueName } from '../../__tests__/instances-helpers';

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** A GET that keeps the bytes as sent (fetch would decompress them). */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

const GZIP = { 'Accept-Encoding': 'gzip, deflate' };

describe('find answers as cached bytes, and gzipped when accepted', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let url = '';
  let serviceId = '';
  beforeAll(async () => {
    server = await startTestServer();
    const name = uniqueName('bytes');
    serviceId = await createService(server.url, { serviceName: name, appId: 'gz', version: '1.0.0' });
    // Enough instances for a body worth compressing.
    for (let i = 0; i < 12; i++) await createInstance(server.url, serviceId, { hostName: `host-${i}.example.internal` });
    url = `${server.url}/v4/default/registry/instances?appId=gz&serviceName=${name}`;
  });
  afterAll(async () => {
    await server.stop();
  });

  test('the app and the cached path send the same bytes, with the right length and Vary', async () => {
    const first = await rawGet(url); // not cached yet: the app answers and caches it
    const second = await rawGet(url); // from the cache, before Koa
    expect(first.status).toBe(200);
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(second.body.equals(first.body)).toBe(true);
    for (const r of [first, second]) {
      expect(Number(r.headers['content-length'])).toBe(r.body.length);
      expect(r.headers.vary).toMatch(/Accept-Encoding/i);
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    }
    expect(JSON.parse(first.body.toString('utf8')).instances).toHaveLength(12);
  });

  test('with Accept-Encoding: gzip, both paths send one gzip copy that decompresses to the plain answer', async () => {
    await createInstance(server.url, serviceId, { hostName: 'one-more.example.internal' }); // a new epoch: the next find misses
    const fromApp = await rawGet(url, GZIP);
    const fromCache = await rawGet(url, GZIP);
    const plain = await rawGet(url);
    for (const r of [fromApp, fromCache]) {
      expect(r.status).toBe(200);
      expect(r.headers['content-encoding']).toBe('gzip');
      expect(Number(r.headers['content-length'])).toBe(r.body.length);
      expect(r.headers.vary).toMatch(/Accept-Encoding/i);
      expect(r.headers['x-resource-revision']).toBe(plain.headers['x-resource-revision']);
      expect(gunzipSync(r.body).equals(plain.body)).toBe(true);
    }
    expect(fromCache.body.equals(fromApp.body)).toBe(true);
    expect(fromApp.body.length).toBeLessThan(plain.body.length);
    expect(JSON.parse(plain.body.toString('utf8')).instances).toHaveLength(13);
  });

  test('a client that refuses gzip gets the plain body', async () => {
    const r = await rawGet(url, { 'Accept-Encoding': 'gzip;q=0, identity' });
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(r.body.toString('utf8')).instances).toHaveLength(13);
  });

  test('rev still gives 304 with no body, gzip accepted or not, on both paths', async () => {
    const rev = (await rawGet(url)).headers['x-resource-revision'];
    expect(rev).toBeTruthy();
    for (const headers of [GZIP, {}]) {
      const r = await rawGet(`${url}&rev=${rev}`, headers);
      expect(r.status).toBe(304);
      expect(r.body.length).toBe(0);
      expect(r.headers['x-resource-revision']).toBe(rev);
    }
    await createInstance(server.url, serviceId, { hostName: 'last.example.internal' });
    const app304 = await rawGet(`${url}&rev=${rev}`, GZIP); // a changed registry: the app answers 200
    expect(app304.status).toBe(200);
    const newRev = app304.headers['x-resource-revision'];
    const r = await rawGet(`${url}&rev=${newRev}`, GZIP);
    expect(r.status).toBe(304);
    expect(r.body.length).toBe(0);
  });
});
