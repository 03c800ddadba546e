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
  /** Kill it (SIGKILL), keeping its data and ports, as a crash would. */
  kill(): Promise<void>;
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

/** Everything one etcd member is started with; a restart reuses it (data dir, ports, cluster). */
type MemberSpec = Readonly<{
  name: string;
  clientPort: number;
  peerPort: number;
  dataDir: string;
  /** `name=peerUrl,…` of every member. */
  initialCluster: string;
  clusterToken: string;
  tls?: EtcdTls;
  /** Extra flags, e.g. a short heartbeat and election timeout. */
  extraArgs: readonly string[];
}>;

const specs = new WeakMap<EtcdProcess, MemberSpec>();
const peerUrl = (port: number) => `http://127.0.0.1:${port}`;

async function singleSpec(tls?: EtcdTls): Promise<MemberSpec> {
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  return {
    name: 'sc-test',
    clientPort,
    peerPort,
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sc-etcd-')),
    initialCluster: `sc-test=${peerUrl(peerPort)}`,
    clusterToken: `sc-test-${process.pid}-${clientPort}`,
    tls,
    extraArgs: [],
  };
}

async function startOnce(binary: string, timeoutMs: number, spec: MemberSpec): Promise<EtcdProcess> {
  const { clientPort, peerPort, dataDir, tls } = spec;
  const endpoint = `${tls ? 'https' : 'http'}://127.0.0.1:${clientPort}`;
  // Over TLS, /health is probed on a plain metrics listener (the client one may demand a certificate).
  const healthUrl = tls ? `http://127.0.0.1:${await freePort()}` : endpoint;
  const peer = peerUrl(peerPort);
  const logFile = path.join(dataDir, 'etcd.log');
  const proc = spawn(
    binary,
    [
      '--name', spec.name,
      '--data-dir', path.join(dataDir, 'data'),
      '--listen-client-urls', endpoint,
      '--advertise-client-urls', endpoint,
      '--listen-peer-urls', peer,
      '--initial-advertise-peer-urls', peer,
      '--initial-cluster', spec.initialCluster,
      '--initial-cluster-token', spec.clusterToken,
      '--logger', 'zap',
      '--log-outputs', logFile,
      ...(tls ? [...tlsArgs(tls), '--listen-metrics-urls', healthUrl] : []),
      ...spec.extraArgs,
    ],
    { stdio: 'ignore' },
  );
  let spawnError: Error | undefined;
  proc.once('error', (err) => (spawnError = err));
  const exited = exitOf(proc);
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  const running = () => proc.exitCode === null && proc.signalCode === null && !spawnError;
  let halting: Promise<void> | undefined;
  const halt = () =>
    (halting ??= (async () => {
      if (running()) {
        proc.kill('SIGTERM');
        const killer = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
    })());
  const kill = async () => {
    if (running()) proc.kill('SIGKILL');
    await exited;
  };
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
    if (await healthy(healthUrl)) {
      const started: EtcdProcess = { endpoint, dataDir, pid: proc.pid ?? -1, stop, halt, kill, clientPort, peerPort };
      specs.set(started, spec);
      return started;
    }
    await sleep(50);
  }
  const log = tail(logFile);
  await stop();
  throw new Error(`etcd at ${endpoint} was not healthy within ${timeoutMs} ms:\n${log}`);
}

class EtcdExitedEarly extends Error {}

/** Start a single-member etcd; fails with ETCD_MISSING when the binary is not installed. */
export async function startEtcd(options: StartEtcdOptions = {}): Promise<EtcdProcess> {
  const binary = etcdBinary();
  const timeoutMs = options.timeoutMs ?? 15_000;
  if (options.restart) return startOnce(binary, timeoutMs, specOf(options.restart));
  // A free port can be taken between the probe and etcd's bind: retry a couple of times.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(binary, timeoutMs, await singleSpec(options.tls));
    } catch (err) {
      if (!(err instanceof EtcdExitedEarly) || attempt >= 3) throw err;
    }
  }
}

function etcdBinary(): string {
  const binary = findEtcdBinary();
  if (!binary) throw new Error(ETCD_MISSING);
  return binary;
}

function specOf(member: EtcdProcess): MemberSpec {
  const spec = specs.get(member);
  if (!spec) throw new Error('not an etcd started by startEtcd or startEtcdCluster');
  return spec;
}

/** Members of one etcd cluster on loopback; `members[i]` is replaced when it is restarted. */
export type EtcdCluster = Readonly<{
  members: EtcdProcess[];
  /** Every member's client URL, in member order. */
  endpoints: readonly string[];
  /** Start a killed or halted member again with its data, on its ports. */
  restart(index: number): Promise<EtcdProcess>;
  /** Stop every member and remove the data dirs. */
  stop(): Promise<void>;
}>;

export type StartEtcdClusterOptions = Readonly<{
  size?: number;
  /** etcd's --heartbeat-interval and --election-timeout (ms; etcd's defaults are 100 and 1000). */
  heartbeatMs?: number;
  electionMs?: number;
  timeoutMs?: number;
}>;

/**
 * Start an etcd cluster of `size` members (default 3) on free loopback ports, each with its
 * own data dir; resolves once every member reports healthy (a leader is elected).
 */
export async function startEtcdCluster(options: StartEtcdClusterOptions = {}): Promise<EtcdCluster> {
  const binary = etcdBinary();
  const timeoutMs = options.timeoutMs ?? 20_000;
  const size = options.size ?? 3;
  const ports = [];
  for (let i = 0; i < size; i++) ports.push({ clientPort: await freePort(), peerPort: await freePort() });
  const names = ports.map((_, i) => `sc-member-${i}`);
  const initialCluster = ports.map((p, i) => `${names[i]}=${peerUrl(p.peerPort)}`).join(',');
  const extraArgs = [
    ...(options.heartbeatMs ? ['--heartbeat-interval', String(options.heartbeatMs)] : []),
    ...(options.electionMs ? ['--election-timeout', String(options.electionMs)] : []),
  ];
  const clusterToken = `sc-cluster-${process.pid}-${ports[0].clientPort}`;
  const memberSpecs: MemberSpec[] = ports.map((p, i) => ({
    name: names[i],
    ...p,
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sc-etcd-')),
    initialCluster,
    clusterToken,
    extraArgs,
  }));
  const started = await Promise.allSettled(memberSpecs.map((spec) => startOnce(binary, timeoutMs, spec)));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  const members = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (failed) {
    await Promise.all(members.map((m) => m.stop()));
    for (const spec of memberSpecs) fs.rmSync(spec.dataDir, { recursive: true, force: true });
    throw failed.reason;
  }
  return {
    members,
    endpoints: members.map((m) => m.endpoint),
    async restart(index) {
      const member = await startOnce(binary, timeoutMs, memberSpecs[index]);
      members[index] = member;
      return member;
    },
    async stop() {
      await Promise.all(members.map((m) => m.stop()));
    },
  };
}
