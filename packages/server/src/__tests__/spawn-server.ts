import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import type { ServerConfig } from '../config/schema';
import type { StartOptions } from '../server';

export const REPO_ROOT = path.resolve(__dirname, '../../../..');
const MAIN_TS = path.join(REPO_ROOT, 'packages/server/src/main.ts');
const REPLICA_TS = path.join(REPO_ROOT, 'packages/server/src/__tests__/replica-main.ts');
const REGISTER = path.join(REPO_ROOT, 'tools/swc-register.cjs');

export type SpawnedServer = Readonly<{
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}>;

/** Run the real `service-center` binary from its TS sources (no build needed). */
export function spawnServer(args: readonly string[], env: NodeJS.ProcessEnv = {}): SpawnedServer {
  return spawnTs(MAIN_TS, args, env);
}

/**
 * Run the server with test hooks in a process of its own (see replica-main.ts), so a test
 * can SIGKILL it; `options` are StartOptions that survive JSON.
 */
export function spawnReplica(config: Partial<ServerConfig>, options: Omit<StartOptions, 'log' | 'configSource' | 'rbacNow'> = {}): SpawnedServer {
  return spawnTs(REPLICA_TS, [JSON.stringify({ config, options })]);
}

function spawnTs(entry: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): SpawnedServer {
  const proc = spawn(process.execPath, ['--conditions=@service-center/source', '-r', REGISTER, entry, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, output: () => out, exited };
}

/** Wait until the server's log says it listens; returns its URL. */
export async function waitForListening(s: SpawnedServer, timeoutMs = 20000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = /"url":"(http:\/\/[^"]+)"/.exec(s.output());
    if (m) return m[1];
    if (s.proc.exitCode !== null) throw new Error(`server exited (${s.proc.exitCode}): ${s.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not start in ${timeoutMs} ms: ${s.output()}`);
}
