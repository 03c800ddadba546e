import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './free-port';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
const MAIN_TS = path.join(REPO_ROOT, 'packages/server/src/main.ts');
const REGISTER = path.join(REPO_ROOT, 'tools/swc-register.cjs');

export type NodeSpec = Readonly<{
  name: string;
  port: number;
  /** Peers as `name=url` entries. */
  peers?: readonly string[];
  args?: readonly string[];
  dataDir?: string;
  /** Extra environment variables of the process (e.g. KUBERNETES_CONFIG_PATH). */
  env?: Readonly<Record<string, string>>;
  /** Run this program (e.g. an installed `service-center` binary) instead of the TypeScript sources; the node's flags follow `args`. */
  command?: Readonly<{ file: string; args?: readonly string[]; cwd: string }>;
}>;

/** One `service-center` process on loopback, run from the TypeScript sources unless `command` says otherwise. */
export class ScNode {
  readonly url: string;
  readonly dataDir: string;
  private proc: ChildProcess | undefined;
  private out = '';

  constructor(readonly spec: NodeSpec) {
    this.url = `http://127.0.0.1:${spec.port}`;
    this.dataDir = spec.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `e2e-${spec.name}-`));
  }

  static async create(name: string, extra: Partial<Omit<NodeSpec, 'name'>> = {}): Promise<ScNode> {
    return new ScNode({ name, port: extra.port ?? (await freePort()), ...extra });
  }

  args(): string[] {
    const a = ['--port', String(this.spec.port), '--data-dir', this.dataDir, '--cluster-name', this.spec.name, '--log-level', 'info'];
    if (this.spec.peers && this.spec.peers.length > 0) a.push('--clusters', this.spec.peers.join(','));
    return [...a, ...(this.spec.args ?? [])];
  }

  async start(): Promise<void> {
    this.out = '';
    const cmd = this.spec.command ?? { file: process.execPath, args: ['--conditions=@service-center/source', '-r', REGISTER, MAIN_TS], cwd: REPO_ROOT };
    const proc = spawn(cmd.file, [...(cmd.args ?? []), ...this.args()], {
      cwd: cmd.cwd,
      env: { ...process.env, ...this.spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    proc.stdout?.on('data', (b: Buffer) => (this.out += b.toString()));
    proc.stderr?.on('data', (b: Buffer) => (this.out += b.toString()));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (exitedAlready(proc)) throw new Error(`${this.spec.name} exited with ${proc.exitCode}: ${this.out}`);
      try {
        const r = await fetch(`${this.url}/version`);
        if (r.ok) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${this.spec.name} did not start: ${this.out}`);
  }

  output(): string {
    return this.out;
  }

  /** SIGTERM and wait for exit. */
  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || exitedAlready(p)) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    const timer = setTimeout(() => p.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  /** SIGKILL: a crash. */
  async kill(): Promise<void> {
    const p = this.proc;
    if (!p || exitedAlready(p)) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  }

  cleanup(): void {
    if (!this.spec.dataDir) fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Two servers on free ports, each the other's peer (`sc1` and `sc2`), started. */
export async function startPeeredPair(args: Readonly<{ sc1?: readonly string[]; sc2?: readonly string[] }> = {}): Promise<[ScNode, ScNode]> {
  const [p1, p2] = [await freePort(), await freePort()];
  const sc1 = new ScNode({ name: 'sc1', port: p1, peers: [`sc2=http://127.0.0.1:${p2}`], args: args.sc1 });
  const sc2 = new ScNode({ name: 'sc2', port: p2, peers: [`sc1=http://127.0.0.1:${p1}`], args: args.sc2 });
  await Promise.all([sc1.start(), sc2.start()]);
  return [sc1, sc2];
}

/** Stop servers (those that started) and remove their data. */
export async function stopAll(nodes: readonly (ScNode | undefined)[]): Promise<void> {
  await Promise.all(nodes.map((node) => node?.stop()));
  for (const node of nodes) node?.cleanup();
}

/** A process ended by a signal has `signalCode` set and `exitCode` null. */
function exitedAlready(p: ChildProcess): boolean {
  return p.exitCode !== null || p.signalCode !== null;
}

/** Poll until `check` returns a value that is not undefined. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} not reached in ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

/** A small JSON HTTP helper for tests. */
export async function api(
  base: string,
  method: string,
  p: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  if (text) {
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = { text };
    }
  }
  return { status: res.status, body: parsed, headers: res.headers };
}
