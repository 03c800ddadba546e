import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './node';

const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** One tarball written by `npm pack --json`. */
export type Packed = Readonly<{ name: string; version: string; filename: string; integrity: string; files: readonly string[] }>;

/** A `packages` entry of package-lock.json (lockfileVersion 3). */
type LockEntry = Readonly<{
  version?: string;
  resolved?: string;
  link?: boolean;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  dependencies?: Readonly<Record<string, string>>;
  optionalDependencies?: Readonly<Record<string, string>>;
  peerDependencies?: Readonly<Record<string, string>>;
  peerDependenciesMeta?: Readonly<Record<string, Readonly<{ optional?: boolean }>>>;
  [field: string]: unknown;
}>;
type Lock = Readonly<{ packages: Readonly<Record<string, LockEntry>> }>;

/** `npm pack` the given workspaces (their `prepack` builds them) into `dest`. */
export async function packWorkspaces(workspaces: readonly string[], dest: string): Promise<Packed[]> {
  const args = ['pack', ...workspaces.flatMap((w) => ['-w', w]), '--pack-destination', dest, '--json'];
  const { stdout } = await run(NPM, args, { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
  const out = JSON.parse(stdout) as { name: string; version: string; filename: string; integrity: string; files: { path: string }[] }[];
  return out.map((p) => ({ name: p.name, version: p.version, filename: p.filename, integrity: p.integrity, files: p.files.map((f) => f.path) }));
}

/**
 * Write `package.json` and `package-lock.json` of a project that depends on the tarballs,
 * with every other package pinned as the repository's lock pins it, then `npm ci --offline`.
 * The lock is what makes an offline install possible: without one, `npm install` asks the
 * registry for full package documents, and `npm ci` caches only the abbreviated ones.
 * Returns the install's duration in ms.
 */
export async function installPacked(project: string, packDir: string, packed: readonly Packed[], allowScripts: Readonly<Record<string, boolean>>): Promise<number> {
  const rootLock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as Lock;
  const specs = Object.fromEntries(packed.map((p) => [p.name, `file:${path.relative(project, path.join(packDir, p.filename))}`]));
  const pkg = { name: 'packed-install', version: '0.0.0', private: true, dependencies: specs, allowScripts };
  const lock = {
    name: pkg.name,
    version: pkg.version,
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: pkg.name, version: pkg.version, dependencies: specs }, ...lockEntriesFor(rootLock, packed, specs) },
  };
  fs.mkdirSync(project, { recursive: true });
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  fs.writeFileSync(path.join(project, 'package-lock.json'), JSON.stringify(lock, null, 2) + '\n');
  const started = Date.now();
  await run(NPM, ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: project, maxBuffer: 64 * 1024 * 1024 });
  return Date.now() - started;
}

/**
 * The lock entries of everything the packed workspaces need at run time, at the paths they
 * get in a project that installs the tarballs: a workspace `packages/x` of the repository
 * becomes `node_modules/<its name>`, and a dependency resolves as Node resolves it (the
 * nearest `node_modules` upwards), so the repository's hoisting carries over unchanged.
 */
function lockEntriesFor(rootLock: Lock, packed: readonly Packed[], specs: Readonly<Record<string, string>>): Record<string, LockEntry> {
  const all = rootLock.packages;
  const workspaceOf = new Map<string, Packed>();
  for (const p of packed) {
    const link = all[`node_modules/${p.name}`];
    if (!link?.link || typeof link.resolved !== 'string') throw new Error(`${p.name} is not a workspace of the repository's lock`);
    workspaceOf.set(link.resolved, p);
  }
  const installedPath = (lockPath: string): string => {
    for (const [dir, p] of workspaceOf) if (lockPath === dir || lockPath.startsWith(`${dir}/`)) return `node_modules/${p.name}${lockPath.slice(dir.length)}`;
    return lockPath;
  };
  const out: Record<string, LockEntry> = {};
  const todo = [...workspaceOf.keys()];
  const seen = new Set<string>();
  for (let at = todo.pop(); at !== undefined; at = todo.pop()) {
    if (seen.has(at)) continue;
    seen.add(at);
    const entry = all[at];
    for (const [name, optional] of runtimeDependencies(entry)) {
      const found = resolveFrom(all, at, name);
      if (found === undefined) {
        if (optional) continue;
        throw new Error(`${at} needs ${name}, which the repository's lock does not hold`);
      }
      const target = all[found].link ? String(all[found].resolved) : found;
      if (all[found].link && !workspaceOf.has(target)) throw new Error(`${at} needs the workspace ${name}: pack it too`);
      todo.push(target);
    }
    const p = workspaceOf.get(at);
    const { dev: _dev, devOptional, ...rest } = entry;
    const kept: LockEntry = devOptional ? { ...rest, optional: true } : rest;
    out[installedPath(at)] = p ? { ...withoutWorkspaceFields(kept), version: p.version, resolved: specs[p.name], integrity: p.integrity } : kept;
  }
  return out;
}

function runtimeDependencies(entry: LockEntry): [string, boolean][] {
  const peers = Object.keys(entry.peerDependencies ?? {}).filter((n) => !entry.peerDependenciesMeta?.[n]?.optional);
  return [
    ...Object.keys(entry.dependencies ?? {}).map((n): [string, boolean] => [n, false]),
    ...Object.keys(entry.optionalDependencies ?? {}).map((n): [string, boolean] => [n, true]),
    ...peers.map((n): [string, boolean] => [n, false]),
  ];
}

/** Node's lookup: `<dir>/node_modules/<name>`, then each enclosing package's, then the root's. */
function resolveFrom(all: Lock['packages'], from: string, name: string): string | undefined {
  for (let dir = from; ; dir = enclosing(dir)) {
    const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (all[candidate]) return candidate;
    if (dir === '') return undefined;
  }
}

function enclosing(dir: string): string {
  const i = dir.lastIndexOf('/node_modules/');
  return i < 0 ? '' : dir.slice(0, i);
}

function withoutWorkspaceFields(entry: LockEntry): LockEntry {
  const { name: _name, devDependencies: _dev, ...rest } = entry;
  return rest;
}

