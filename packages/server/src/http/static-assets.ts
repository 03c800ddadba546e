import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type Koa from 'koa';

/** One file of a built single-page app, held in memory (the whole console is a few hundred KB). */
type Asset = Readonly<{ body: Buffer; type: string; etag: string; immutable: boolean }>;

/** esbuild names bundles `<name>-<HASH>.<ext>`: such a file never changes, so it may be cached for good. */
const HASHED = /-[A-Z0-9]{8,}\.[a-z0-9]+$/;

function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  if (!fs.existsSync(dir)) return assets;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const rel = path.relative(dir, full).split(path.sep).join('/');
    const body = fs.readFileSync(full);
    const etag = `"${crypto.createHash('sha1').update(body).digest('base64url')}"`;
    assets.set(rel, { body, type: path.extname(rel), etag, immutable: HASHED.test(rel) });
  }
  return assets;
}

export type StaticAppOptions = Readonly<{
  /** Where the app is served, without the trailing slash: `/ui`. */
  mount: string;
  /** The built files (read once, at start). */
  dir: string;
  /** Said in the 404 body when the app was never built. */
  notBuilt: string;
  /** What the app needs to know before its first API call, served as `settings.json`. */
  settings: Readonly<Record<string, string | number | boolean>>;
}>;

/**
 * Serves a built single-page app under `mount`: known files with their content type and an
 * ETag; any other path below `mount` gets index.html, so client-side routes survive a reload.
 * Mounted before authentication: the files are public (the login page is one of them), the
 * API calls they make are not. Files are looked up in a map, never on disk by request path.
 */
export function staticApp(options: StaticAppOptions): Koa.Middleware {
  const assets = loadAssets(options.dir);
  if (assets.size > 0) {
    const body = Buffer.from(JSON.stringify(options.settings));
    assets.set('settings.json', { body, type: '.json', etag: `"${crypto.createHash('sha1').update(body).digest('base64url')}"`, immutable: false });
  }
  const prefix = `${options.mount}/`;
  return async (ctx, next) => {
    if (ctx.path === options.mount) {
      if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
      ctx.status = 301;
      ctx.redirect(`${prefix}${ctx.querystring ? `?${ctx.querystring}` : ''}`);
      return;
    }
    if (!ctx.path.startsWith(prefix) || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    const rel = ctx.path.slice(prefix.length);
    const file = assets.get(rel);
    // A missing file with an extension is a real 404 (a stale bundle name), not a client route.
    const asset = file ?? (path.extname(rel) === '' ? assets.get('index.html') : undefined);
    if (asset === undefined) {
      ctx.status = 404;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = assets.size === 0 ? options.notBuilt : 'not found';
      return;
    }
    ctx.type = asset.type;
    ctx.set('ETag', asset.etag);
    ctx.set('Cache-Control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    ctx.set('X-Content-Type-Options', 'nosniff');
    if (asset.type === '.html') {
      ctx.set('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'");
      ctx.set('Referrer-Policy', 'no-referrer');
    }
    ctx.status = 200;
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    ctx.body = asset.body;
  };
}
