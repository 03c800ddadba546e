import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { transformSync } from '@swc/core';
import { REPO_ROOT, ScNode, api, eventually } from './support/node';
import { Packed, installPacked, packWorkspaces } from './support/packed-project';

const run = promisify(execFile);
const WORKSPACES = ['packages/core', 'packages/server', 'packages/client'];
// better-sqlite3 compiles from source during the install (no prebuilt binary can be fetched
// offline): more than a minute on two cores, several when other tests share them.
const INSTALL_TIMEOUT_MS = 600_000;

/** The first TypeScript block under `## Quick start` of the client's README, as CommonJS. */
function clientQuickStart(): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'packages/client/README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('packages/client/README.md has no ```ts block under "## Quick start"');
  return transformSync(block[1], { filename: 'quick-start.ts', jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }).code;
}

/** The three packages as a user gets them: packed, installed offline into a new project, run from there. */
describe('packed and installed packages', () => {
  let work: string;
  let project: string;
  let packed: Packed[];
  let server: ScNode;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-pack-'));
    project = path.join(work, 'project');
    const packDir = path.join(work, 'packs');
    fs.mkdirSync(packDir);
    packed = await packWorkspaces(WORKSPACES, packDir);
    // npm runs no install script it was not told to; better-sqlite3's builds the store's
    // native module, protobufjs's (etcd3's gRPC) only prints a notice.
    const ms = await installPacked(project, packDir, packed, { 'better-sqlite3': true, protobufjs: false });
    process.stdout.write(`pack-install: npm ci --offline of the three tarballs took ${(ms / 1000).toFixed(1)} s\n`);
    server = await ScNode.create('sc1', { command: { file: path.join(project, 'node_modules/.bin/service-center'), cwd: project } });
    await server.start();
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    if (server) {
      await server.stop();
      server.cleanup();
    }
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('each tarball holds its README, LICENSE and built code, and no sources or build state', () => {
    expect(packed.map((p) => p.name).sort()).toEqual(['@service-center/client', '@service-center/core', '@service-center/server']);
    for (const p of packed) {
      expect(p.files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']));
      expect(p.files.filter((f) => f.startsWith('src/') || f.endsWith('.tsbuildinfo') || /\.spec\.(js|d\.ts)$/.test(f))).toEqual([]);
    }
    // Built from today's sources only: no output of a module that was moved or deleted.
    for (const p of packed) {
      const src = path.join(REPO_ROOT, 'packages', p.name.replace('@service-center/', ''), 'src');
      const orphans = p.files.filter((f) => f.startsWith('dist/') && !fs.existsSync(path.join(src, f.slice('dist/'.length).replace(/\.(js|d\.ts)(\.map)?$/, '.ts'))));
      expect(orphans).toEqual([]);
    }
    expect(packed.find((p) => p.name === '@service-center/server')?.files).toEqual(expect.arrayContaining(['bin/service-center.js', 'dist/main.js']));
    expect(packed.find((p) => p.name === '@service-center/client')?.files).toEqual(expect.arrayContaining(['bin/scctl.js']));
  });

  test('the project holds copies of the packages, not links into the repository', async () => {
    for (const p of packed) {
      const dir = path.join(project, 'node_modules', p.name);
      expect(fs.lstatSync(dir).isSymbolicLink()).toBe(false);
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))).toMatchObject({ version: p.version, license: 'Apache-2.0' });
    }
    const { stdout } = await run(process.execPath, ['-p', "['core', 'server', 'client'].map((p) => require.resolve('@service-center/' + p)).join('\\n')"], { cwd: project });
    const entries = stdout.trim().split('\n');
    expect(entries).toHaveLength(3);
    for (const entry of entries) expect(entry.startsWith(path.join(project, 'node_modules', '@service-center'))).toBe(true);
  });

  test('the installed binary serves the v4 API, and npx finds it', async () => {
    const version = await api(server.url, 'GET', '/v4/default/registry/version');
    expect(version.status).toBe(200);
    expect(version.body).toMatchObject({ apiVersion: '4.0.0' });
    const { stdout } = await run('npx', ['--no-install', 'service-center', '--help'], { cwd: project });
    expect(stdout).toContain('Usage: service-center');
  });

  test("the client README's quick start registers, discovers itself, and unregisters on SIGTERM", async () => {
    const script = path.join(project, 'quick-start.js');
    fs.writeFileSync(script, clientQuickStart());
    const proc = spawn(process.execPath, [script, server.url], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (b: Buffer) => (out += b.toString()));
    proc.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    try {
      const ids = await eventually(async () => /registered orders: service (\w+), instance (\w+)/.exec(out) ?? undefined, 15_000, 'quick start registered');
      await eventually(async () => (out.includes('event: watch-connected') ? true : undefined), 15_000, 'quick start watching');
      expect(out).toContain('rest://127.0.0.1:8080 from sc1 (cluster)');
      const [, serviceId, instanceId] = ids;
      const instancePath = `/v4/default/registry/microservices/${serviceId}/instances/${instanceId}`;
      expect((await api(server.url, 'GET', instancePath)).status).toBe(200);
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toContain('event: unregistered');
      expect((await api(server.url, 'GET', instancePath)).status).toBe(400);
    } catch (err) {
      throw new Error(`${String(err)}\nthe quick start printed:\n${out}`);
    } finally {
      proc.kill('SIGKILL');
    }
  });
});
