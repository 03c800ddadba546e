import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import Koa from 'koa';
import { staticApp } from './static-assets';

describe('staticApp: a built single-page app under /ui', () => {
  let dir: string;
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-static-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>x</title>');
    fs.writeFileSync(path.join(dir, 'main-ABCD1234.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dir, 'main-WXYZ5678.css'), 'body{}');
    const app = new Koa();
    app.use(staticApp({ mount: '/ui', dir, notBuilt: 'not built', settings: { rbac: false, cluster: 'c1' } }));
    app.use((ctx) => {
      ctx.status = 418; // stands for the API behind the files
      ctx.body = 'api';
    });
    server = http.createServer(app.callback());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    ['/ui/', 'text/html; charset=utf-8', 'no-cache'],
    ['/ui/main-ABCD1234.js', 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/ui/main-WXYZ5678.css', 'text/css; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/ui/settings.json', 'application/json; charset=utf-8', 'no-cache'],
  ])('%s: content type %s, Cache-Control %s', async (p, type, cache) => {
    const res = await fetch(base + p);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('cache-control')).toBe(cache);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  test('client-side routes get index.html; a missing bundle is a plain 404', async () => {
    const route = await fetch(`${base}/ui/services/abc?name=x`);
    expect(route.status).toBe(200);
    expect(await route.text()).toBe('<!doctype html><title>x</title>');
    expect(route.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const missing = await fetch(`${base}/ui/main-OLD00000.js`);
    expect(missing.status).toBe(404);
  });

  test('settings.json tells the app what it needs before any API call', async () => {
    expect(await (await fetch(`${base}/ui/settings.json`)).json()).toEqual({ rbac: false, cluster: 'c1' });
  });

  test('ETag revalidation answers 304', async () => {
    const first = await fetch(`${base}/ui/`);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    // Node's fetch adds `Cache-Control: no-cache` to conditional requests, which forbids a 304: use http.get.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http.get(`${base}/ui/`, { headers: { 'If-None-Match': etag } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on('error', reject);
    });
    expect(status).toBe(304);
  });

  test('/ui redirects to /ui/; other paths and methods pass through to the API', async () => {
    const redirect = await fetch(`${base}/ui?x=1`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/ui/?x=1');
    expect((await fetch(`${base}/v4/default/registry/microservices`)).status).toBe(418);
    expect((await fetch(`${base}/ui/`, { method: 'POST' })).status).toBe(418);
    expect((await fetch(`${base}/uix`)).status).toBe(418);
  });

  test('an unbuilt console answers 404 saying how to build it', async () => {
    const app = new Koa();
    app.use(staticApp({ mount: '/ui', dir: path.join(dir, 'absent'), notBuilt: 'run npm run build', settings: {} }));
    const s = http.createServer(app.callback());
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/ui/`);
      expect(res.status).toBe(404);
      expect(await res.text()).toBe('run npm run build');
    } finally {
      await new Promise((r) => s.close(r));
    }
  });
});
