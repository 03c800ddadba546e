import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './free-port';

/**
 * A real etcd (Debian `etcd-server`, binary `etcd`) started by a test on free loopback ports
 * with a temporary data dir. `stop()` sends SIGTERM, then SIGKILL after 5 s, and removes the
 * data dir.
 */
export type EtcdProcess = Readonly<{
  /** Client URL, e.g. http://127.0.0.1:41234 */
  endpoint: string;
  dataDir: string;
  pid: number;
  /** Stop it and remove its data dir. */
  stop(): Promise<void>;
  /** Stop it (SIGTERM) but keep its data and ports: `startEtcd({ restart })` brings it back. */
  halt(): Promise<void>;
  clientPort: number;
  peerPort: number;
}>;

/** Serve clients over https with these files; `trustedCa` + `clientCertAuth` = mTLS. */
export type EtcdTls = Readonly<{ cert: string; key: string; trustedCa?: string; clientCertAuth?: boolean }>;

export type StartEtcdOptions = Readonly<{
  timeoutMs?: number;
  tls?: EtcdTls;
  /** Start a halted etcd again, with its data, on its ports. */
  restart?: EtcdProcess;
}>;

export const ETCD_MISSING =
  "the 'etcd' binary is not on PATH: the etcd store tests need a real etcd " +
  '(Debian/Ubuntu: apt-get install -y etcd-server; npm test installs it when run as root with apt)';

/** Where `etcd` is, or undefined. SC_ETCD_BIN overrides the PATH lookup. */
export function findEtcdBinary(): string | undefined {
  const explicit = process.env.SC_ETCD_BIN;
  if (explicit) return fs.existsSync(explicit) ? explicit : undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'etcd');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function tail(file: string, chars = 2000): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.slice(-chars);
  } catch {
    return '(no etcd log)';
  }
}

async function healthy(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
    const body = (await res.json()) as { health?: string };
    return body.health === 'true';
  } catch {
    return false;
  }
}

function exitOf(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else proc.once('exit', () => resolve());
  });
}

function tlsArgs(t: EtcdTls): string[] {
  return [
    '--cert-file', t.cert,
    '--key-file', t.key,
    ...(t.trustedCa ? ['--trusted-ca-file', t.trustedCa] : []),
    ...(t.clientCertAuth ? ['--client-cert-auth'] : []),
  ];
}

async function startOnce(binary: string, timeoutMs: number, restart?: EtcdProcess, tls?: EtcdTls): Promise<EtcdProcess> {
  const [clientPort, peerPort] = restart ? [restart.clientPort, restart.peerPort] : [await freePort(), await freePort()];
  const dataDir = restart?.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sc-etcd-'));
  const endpoint = `${tls ? 'https' : 'http'}://127.0.0.1:${clientPort}`;
  // Over TLS, /health is probed on a plain metrics listener (the client one may demand a certificate).
  const healthUrl = tls ? `http://127.0.0.1:${await freePort()}` : endpoint;
  const peer = `http://127.0.0.1:${peerPort}`;
  const logFile = path.join(dataDir, 'etcd.log');
  const proc = spawn(
    binary,
    [
      '--name', 'sc-test',
      '--data-dir', path.join(dataDir, 'data'),
      '--listen-client-urls', endpoint,
      '--advertise-client-urls', endpoint,
      '--listen-peer-urls', peer,
      '--initial-advertise-peer-urls', peer,
      '--initial-cluster', `sc-test=${peer}`,
      '--initial-cluster-token', `sc-test-${process.pid}-${clientPort}`,
      '--logger', 'zap',
      '--log-outputs', logFile,
      ...(tls ? [...tlsArgs(tls), '--listen-metrics-urls', healthUrl] : []),
    ],
    { stdio: 'ignore' },
  );
  let spawnError: Error | undefined;
  proc.once('error', (err) => (spawnError = err));
  const exited = exitOf(proc);
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  let halting: Promise<void> | undefined;
  const halt = () =>
    (halting ??= (async () => {
      if (proc.exitCode === null && proc.signalCode === null && !spawnError) {
        proc.kill('SIGTERM');
        const killer = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
    })());
  const stop = async () => {
    await halt();
    removeDir();
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (spawnError) {
      removeDir();
      const code = (spawnError as NodeJS.ErrnoException).code;
      throw new Error(code === 'ENOENT' ? ETCD_MISSING : `cannot start etcd: ${spawnError.message}`);
    }
    if (proc.exitCode !== null || proc.signalCode !== null) {
      const log = tail(logFile);
      removeDir();
      throw new EtcdExitedEarly(`etcd exited (${proc.exitCode ?? proc.signalCode}) before it was healthy:\n${log}`);
    }
    if (await healthy(healthUrl)) return { endpoint, dataDir, pid: proc.pid ?? -1, stop, halt, clientPort, peerPort };
    await sleep(50);
  }
  const log = tail(logFile);
  await stop();
  throw new Error(`etcd at ${endpoint} was not healthy within ${timeoutMs} ms:\n${log}`);
}

class EtcdExitedEarly extends Error {}

/** Start a single-member etcd; fails with ETCD_MISSING when the binary is not installed. */
export async function startEtcd(options: StartEtcdOptions = {}): Promise<EtcdProcess> {
  const binary = findEtcdBinary();
  if (!binary) throw new Error(ETCD_MISSING);
  // A free port can be taken between the probe and etcd's bind: retry a couple of times.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(binary, options.timeoutMs ?? 15_000, options.restart, options.tls);
    } catch (err) {
      if (!(err instanceof EtcdExitedEarly) || attempt >= 3 || options.restart) throw err;
    }
  }
}
