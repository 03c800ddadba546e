#!/usr/bin/env node
// Registry benchmark: find throughput against a bare node:http baseline, heartbeats/s,
// registrations/s, RSS at 100,000 instances and restart-to-ready, printed side by side.
// Run from the repo root: `npm run bench:registry` (builds the server first), or after a build:
//   node tools/bench/registry/run.cjs [--quick] [--duration s] [--connections n] [--cpu-prof] [--keep]
// Not a test: the figures depend on the machine. Targets are shown next to the figures; a missed
// target prints MISSED but does not fail the process. Errors (non-2xx answers, failed requests,
// a server that dies or logs errors, instances lost over the restart) exit non-zero.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const net = require('node:net');
const { spawn, execFileSync } = require('node:child_process');
const autocannon = require('autocannon');
const { summarize, formatSummary } = require('./cpuprofile-top.cjs');
const { loadGenerator } = require('./load-generator.cjs');
const { runScenarios, scenarioRows, scenarioPasses } = require('./scenarios.cjs');

const ROOT = path.resolve(__dirname, '../../..');
const BASELINE_MAIN = path.join(__dirname, 'baseline-server.cjs');
const HOST = '127.0.0.1';

// ---------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const has = (name) => argv.includes(`--${name}`);
function numberOpt(name, dflt) {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const n = Number(argv[i + 1]);
  if (!Number.isFinite(n) || n <= 0) {
    process.stderr.write(`--${name} needs a positive number\n`);
    process.exit(2);
  }
  return n;
}
if (has('help') || has('h')) {
  process.stdout.write(
    'usage: node tools/bench/registry/run.cjs [--quick] [--duration s] [--warmup s] [--connections n] [--cpu-prof] [--keep] [--server main.js]\n' +
      '  --quick        100 services x 10 for find, 10,000 instances in all (default 1,000 x 10 and 100,000)\n' +
      '  --duration s   seconds per measured autocannon run (default 10; 3 with --quick)\n' +
      '  --warmup s     seconds of unmeasured load before each run (default 2; 1 with --quick)\n' +
      '  --connections  autocannon connections (default 50)\n' +
      "  --cpu-prof     run the server with node --cpu-prof and print each phase's hotspots\n" +
      '  --keep         keep the temporary data directory (and profiles)\n' +
      '  --server file  the server binary to measure (default packages/server/dist/main.js)\n' +
      "  --scenarios-only  only Service-Center's scenarios (find 1/100/1,000, heartbeat, register growing), on a fresh server\n" +
      '  --no-scenarios    skip them\n' +
      '  --grow n       instances registered into one service for the growth figure (default 6,000; 3,000 with --quick)\n' +
      '  --autocannon   use autocannon for the scenarios even when wrk is installed\n',
  );
  process.exit(0);
}
function textOpt(name, dflt) {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? dflt : argv[i + 1];
}
const SERVER_MAIN = path.resolve(textOpt('server', path.join(ROOT, 'packages/server/dist/main.js')));
const QUICK = has('quick');
const CPU_PROF = has('cpu-prof');
const KEEP = has('keep');
const PER_SERVICE = 10;
const FIND_SERVICES = QUICK ? 100 : 1_000;
const ALL_SERVICES = QUICK ? 1_000 : 10_000;
const ALL_INSTANCES = ALL_SERVICES * PER_SERVICE;
const DURATION = numberOpt('duration', QUICK ? 3 : 10);
const WARMUP = numberOpt('warmup', QUICK ? 1 : 2);
const CONNECTIONS = numberOpt('connections', 50);
const SCENARIOS_ONLY = has('scenarios-only');
const SKIP_SCENARIOS = has('no-scenarios');
const GROW_TO = numberOpt('grow', QUICK ? 3_000 : 6_000);
const SEED_CONCURRENCY = 32;
const BATCH_SIZE = 100;
const KEEPER_BATCH = 1_000;
const KEEPER_IN_FLIGHT = 4;
/** The keeper renews an instance's lease once it is this old (leases last 30 s x (3 + 1) = 120 s). */
const KEEPER_RENEW_AFTER_MS = 50_000;
const TARGETS = Object.freeze({ findRatio: 0.5, findP99Ms: 10, heartbeatsPerSec: 10_000, rssMb: 400, restartS: 5, sizedFor: 100_000 });
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

// ---------------------------------------------------------------------------------------------
// Small helpers

const T0 = Date.now();

/** The commit measured, and whether packages/ differs from it. */
function gitState() {
  try {
    const git = (...a) => execFileSync('git', a, { cwd: path.dirname(SERVER_MAIN), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', path.join(git('rev-parse', '--show-toplevel'), 'packages')) !== '';
    return { commit, packagesDirty: dirty };
  } catch {
    return { commit: 'unknown', packagesDirty: null };
  }
}
const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const fmt1 = (n) => n.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const fmt2 = (n) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const round = (n, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const hrMs = () => Number(process.hrtime.bigint()) / 1e6;
const hrUs = () => Number(process.hrtime.bigint() / 1000n);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function log(msg) {
  process.stdout.write(`[${((Date.now() - T0) / 1000).toFixed(1).padStart(6)}s] ${msg}\n`);
}

/** Everything that went wrong; any entry makes the exit code 1. */
const problems = [];
function problem(msg) {
  problems.push(msg);
  log(`ERROR: ${msg}`);
}

const seedAgent = new http.Agent({ keepAlive: true, maxSockets: SEED_CONCURRENCY * 2 });

/** One HTTP request to 127.0.0.1; resolves with status, headers and the whole body. */
function call(port, method, urlPath, body, { agent = seedAgent, timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const headers = data ? { 'Content-Type': 'application/json', 'Content-Length': String(data.length) } : {};
    const req = http.request({ host: HOST, port, method, path: urlPath, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${urlPath}: no answer in ${timeoutMs} ms`)));
    req.end(data);
  });
}

function jsonOf(r, what) {
  try {
    return JSON.parse(r.body.toString('utf8'));
  } catch {
    throw new Error(`${what}: answer is not JSON: ${r.body.toString('utf8').slice(0, 200)}`);
  }
}

function expect200(r, what) {
  if (r.status !== 200) throw new Error(`${what}: HTTP ${r.status} ${r.body.toString('utf8').slice(0, 300)}`);
  return r;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, HOST, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Run `fn(i)` for i in [0, total) with `concurrency` calls in flight; stops at the first error. */
async function pool(total, concurrency, fn) {
  let next = 0;
  let failed;
  const worker = async () => {
    while (failed === undefined && next < total) {
      const i = next++;
      try {
        await fn(i);
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  if (failed !== undefined) throw failed;
}

// /proc readings of a child: RSS, peak RSS and CPU time.
function memOf(pid) {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
  return { rssMb: round(kb('VmRSS') / 1024, 1), peakRssMb: round(kb('VmHWM') / 1024, 1) };
}
function cpuSecondsOf(pid) {
  const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK; // utime + stime (fields 14 and 15)
}

/** CPU seconds the whole machine spent busy (all processes), from /proc/stat. */
function machineBusySeconds() {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = f;
  return (user + nice + system + irq + softirq + (steal || 0)) / CLK_TCK;
}

// ---------------------------------------------------------------------------------------------
// Child processes

/** The environment for children, without settings that would steer the server elsewhere. */
function childEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(SC_|REGISTRY_|DISCOVERY_)/.test(k)) continue;
    env[k] = v;
  }
  return env;
}

const children = new Set();
let tmpDir;

class Child {
  constructor(name, args) {
    this.name = name;
    this.stopping = false;
    this.tail = [];
    this.errorLines = [];
    this.warnLines = [];
    this.proc = spawn(process.execPath, args, { cwd: ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    this.pid = this.proc.pid;
    this.spawnedUs = hrUs();
    children.add(this);
    for (const stream of [this.proc.stdout, this.proc.stderr]) {
      let buf = '';
      stream.setEncoding('utf8');
      stream.on('data', (d) => {
        buf += d;
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          this.line(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
        }
      });
    }
    this.exited = new Promise((resolve) => {
      this.proc.once('exit', (code, signal) => {
        children.delete(this);
        this.exit = { code, signal };
        if (!this.stopping) {
          problem(`${this.name} (pid ${this.pid}) exited unexpectedly (code ${code}, signal ${signal}); last output:\n${this.tail.join('\n')}`);
        } else if (code !== 0) {
          problem(`${this.name} (pid ${this.pid}) stopped with code ${code}, signal ${signal}; last output:\n${this.tail.join('\n')}`);
        }
        resolve(this.exit);
      });
    });
  }

  line(text) {
    if (text.trim() === '') return;
    this.tail.push(text);
    if (this.tail.length > 30) this.tail.shift();
    let level = 0;
    try {
      level = JSON.parse(text).level ?? 0;
    } catch {
      level = /error/i.test(text) ? 50 : 0;
    }
    if (level >= 50) this.errorLines.push(text);
    else if (level >= 40) this.warnLines.push(text);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit. */
  async stop(graceMs = 20_000) {
    if (this.exit) return this.exit;
    this.stopping = true;
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => {
      problem(`${this.name} (pid ${this.pid}) did not stop within ${graceMs} ms of SIGTERM; killing it`);
      this.proc.kill('SIGKILL');
    }, graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }
}

function startServer(port, dataDir, profDir) {
  const nodeArgs = profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  return new Child('server', [
    ...nodeArgs,
    SERVER_MAIN,
    '--host',
    HOST,
    '--port',
    String(port),
    '--data-dir',
    dataDir,
    '--log-level',
    'warn',
  ]);
}

/** Poll until `ready()` is true; fails when the child exits or after `timeoutMs`. */
async function waitUntil(child, ready, timeoutMs, what) {
  const start = hrMs();
  for (;;) {
    if (child.exit) throw new Error(`${child.name} exited while waiting for ${what}`);
    try {
      if (await ready()) return hrMs() - start;
    } catch {
      // not listening yet
    }
    if (hrMs() - start > timeoutMs) throw new Error(`${what}: not ready after ${timeoutMs} ms`);
    await sleep(10);
  }
}

// ---------------------------------------------------------------------------------------------
// Lease keeper: registered instances get a 120 s lease (interval 30 s, times 3). Seeding 100,000
// of them plus the runs takes longer than that, so, as real clients would, the bench renews every
// instance whose lease is 50 s old, in batch heartbeats of 1,000 (4 in flight, so that they do not
// queue behind the registrations one at a time). It is paused during measured runs.

class LeaseKeeper {
  constructor(port) {
    this.port = port;
    this.entries = [];
    this.paused = false;
    this.sent = 0;
    this.requests = 0;
    this.current = Promise.resolve();
    this.timer = setInterval(() => {
      if (!this.paused) this.current = this.current.then(() => this.tick());
    }, 2_000);
  }

  add(serviceId, instanceId) {
    this.entries.push({ serviceId, instanceId, renewed: Date.now() });
  }

  async tick() {
    if (this.paused) return;
    const due = this.entries.filter((e) => Date.now() - e.renewed > KEEPER_RENEW_AFTER_MS);
    const chunks = [];
    for (let i = 0; i < due.length; i += KEEPER_BATCH) chunks.push(due.slice(i, i + KEEPER_BATCH));
    await pool(chunks.length, KEEPER_IN_FLIGHT, async (c) => {
      if (this.paused) return;
      const chunk = chunks[c];
      const now = Date.now();
      try {
        const r = expect200(
          await call(this.port, 'PUT', '/v4/default/registry/heartbeats', {
            instances: chunk.map(({ serviceId, instanceId }) => ({ serviceId, instanceId })),
          }),
          'keeper batch heartbeat',
        );
        const failed = (jsonOf(r, 'keeper batch heartbeat').instances ?? []).filter((x) => x.errMessage);
        if (failed.length > 0) problem(`keeper: ${failed.length} heartbeats refused, e.g. ${failed[0].errMessage}`);
      } catch (err) {
        problem(`keeper: ${err.message}`);
      }
      for (const e of chunk) e.renewed = now;
      this.sent += chunk.length;
      this.requests++;
    });
  }

  async pause() {
    this.paused = true;
    await this.current;
  }

  resume() {
    this.paused = false;
  }

  async stop() {
    clearInterval(this.timer);
    await this.pause();
  }
}

// ---------------------------------------------------------------------------------------------
// Seeding over the HTTP API

const stats = { services: { count: 0, ms: 0, pools: [] }, instances: { count: 0, ms: 0, pools: [] }, cpu: [] };

async function timedPool(kind, total, fn) {
  const start = hrMs();
  let done = 0;
  let nextMark = 1;
  const marks = [{ done: 0, ms: 0 }];
  await pool(total, SEED_CONCURRENCY, async (i) => {
    await fn(i);
    done++;
    if (done >= (total * nextMark) / 10) {
      while (done >= (total * nextMark) / 10) nextMark++;
      const s = (hrMs() - start) / 1000;
      marks.push({ done, ms: s * 1000 });
      log(`  ${kind}: ${String(Math.floor((done / total) * 100)).padStart(3)}% (${fmtInt(done)}/${fmtInt(total)}, ${fmtInt(done / s)}/s)`);
    }
  });
  const ms = hrMs() - start;
  stats[kind].count += total;
  stats[kind].ms += ms;
  const rate = (a, b) => round((b.done - a.done) / ((b.ms - a.ms) / 1000), 1);
  stats[kind].pools.push({
    total,
    perSec: round(total / (ms / 1000), 1),
    firstTenthPerSec: rate(marks[0], marks[1]),
    lastTenthPerSec: rate(marks[marks.length - 2], marks[marks.length - 1]),
  });
  return ms;
}

const serviceIds = [];
const instances = [];
const serviceName = (n) => `svc-${n}`;
const findPath = (n) => `/v4/default/registry/instances?appId=bench&serviceName=${serviceName(n)}`;

/** Register services svc-<from+1>..svc-<to> and 10 instances each. */
async function seed(port, pid, keeper, from, to) {
  const n = to - from;
  const cpu0 = cpuSecondsOf(pid);
  const all0 = machineBusySeconds();
  const own0 = process.cpuUsage();
  const t0 = hrMs();
  log(`seeding services svc-${from + 1}..svc-${to} (${fmtInt(n)}), ${SEED_CONCURRENCY} requests in flight`);
  await timedPool('services', n, async (i) => {
    const name = serviceName(from + 1 + i);
    const r = expect200(
      await call(port, 'POST', '/v4/default/registry/microservices', { service: { serviceName: name, appId: 'bench', version: '1.0.0' } }),
      `register ${name}`,
    );
    serviceIds[from + i] = jsonOf(r, `register ${name}`).serviceId;
  });
  log(`seeding instances (${fmtInt(n * PER_SERVICE)}: ${PER_SERVICE} per service)`);
  const instance = {
    instance: { hostName: 'h', endpoints: ['rest://10.0.0.1:8080'], status: 'UP', healthCheck: { mode: 'push', interval: 30, times: 3 } },
  };
  await timedPool('instances', n * PER_SERVICE, async (i) => {
    const serviceId = serviceIds[from + Math.floor(i / PER_SERVICE)];
    const r = expect200(
      await call(port, 'POST', `/v4/default/registry/microservices/${serviceId}/instances`, instance),
      `register an instance of ${serviceId}`,
    );
    const instanceId = jsonOf(r, 'register instance').instanceId;
    instances.push({ serviceId, instanceId });
    keeper.add(serviceId, instanceId);
  });
  const wallS = (hrMs() - t0) / 1000;
  const server = (cpuSecondsOf(pid) - cpu0) / wallS;
  const own = process.cpuUsage(own0);
  const bench = (own.user + own.system) / 1e6 / wallS;
  const other = Math.max(0, (machineBusySeconds() - all0) / wallS - server - bench);
  stats.cpu.push({ services: n, serverCpuCores: round(server), benchCpuCores: round(bench), otherCpuCores: round(other) });
  log(`  seeding CPU: server ${round(server)} cores, bench ${round(bench)}, other processes ${round(other)}`);
}

// ---------------------------------------------------------------------------------------------
// Load runs (autocannon in this process)

function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

const phases = [];

/**
 * A warm-up run, then a measured run, each client with its own request list
 * (`requestsFor(clientIndex)`); reports req/s, latency and the target's CPU use.
 */
async function load(label, { port, pid, requestsFor, phase }) {
  const run = async (duration) => {
    let k = 0;
    return cannon({
      url: `http://${HOST}:${port}`,
      connections: CONNECTIONS,
      duration,
      timeout: 10,
      requests: requestsFor(0).slice(0, 1),
      setupClient: (client) => client.setRequests(requestsFor(k++ % CONNECTIONS)),
    });
  };
  const check = (res, which) => {
    const bad = res.non2xx + res.errors + res.timeouts;
    if (bad > 0) {
      problem(
        `${label} (${which}): ${res.non2xx} non-2xx, ${res.errors} errors, ${res.timeouts} timeouts; status codes ${JSON.stringify(res.statusCodeStats)}`,
      );
    }
  };
  log(`${label}: warm-up ${WARMUP} s, then ${DURATION} s at ${CONNECTIONS} connections`);
  check(await run(WARMUP), 'warm-up');
  const cpu0 = cpuSecondsOf(pid);
  const all0 = machineBusySeconds();
  const own0 = process.cpuUsage();
  const from = hrUs();
  const t0 = hrMs();
  const res = await run(DURATION);
  const wallS = (hrMs() - t0) / 1000;
  const to = hrUs();
  const cpu1 = cpuSecondsOf(pid);
  const all1 = machineBusySeconds();
  const own = process.cpuUsage(own0);
  if (phase) phases.push({ name: phase, pid, from, to });
  check(res, 'measured');
  const r = {
    reqPerSec: round(res.requests.average, 1),
    requests: res.requests.total,
    latencyMs: { p50: res.latency.p50, p90: res.latency.p90, p99: res.latency.p99, max: res.latency.max, mean: round(res.latency.average, 2) },
    bytesPerSec: Math.round(res.throughput.average),
    non2xx: res.non2xx,
    errors: res.errors,
    timeouts: res.timeouts,
    targetCpuCores: round((cpu1 - cpu0) / wallS, 2),
    loadgenCpuCores: round((own.user + own.system) / 1e6 / wallS, 2),
  };
  // Whatever else ran on the machine meanwhile (other processes compete for the same cores).
  r.otherCpuCores = round(Math.max(0, (all1 - all0) / wallS - r.targetCpuCores - r.loadgenCpuCores), 2);
  log(
    `  ${fmtInt(r.reqPerSec)} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, ` +
      `target CPU ${r.targetCpuCores} cores, load generator ${r.loadgenCpuCores}, other processes ${r.otherCpuCores}`,
  );
  return r;
}

/** Each client gets its own share of `items` (every CONNECTIONS-th), as autocannon requests. */
const shareOf = (items, k, toRequest) => items.filter((_, i) => i % CONNECTIONS === k).map(toRequest);

// ---------------------------------------------------------------------------------------------
// The run

async function main() {
  if (!fs.existsSync(SERVER_MAIN)) {
    throw new Error(`${path.relative(ROOT, SERVER_MAIN)} is missing: run \`npm run bench:registry\` (it builds the server first)`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-bench-registry-'));
  tmpDir = tmp;
  const dataDir = path.join(tmp, 'data');
  const profDir = CPU_PROF ? path.join(tmp, 'profiles') : undefined;
  fs.mkdirSync(dataDir);
  if (profDir) fs.mkdirSync(profDir);
  const size = QUICK ? 'quick' : 'full';
  log(
    `registry benchmark, size ${size}: find over ${fmtInt(FIND_SERVICES)} services x ${PER_SERVICE} instances; ` +
      `${fmtInt(ALL_SERVICES)} services x ${PER_SERVICE} = ${fmtInt(ALL_INSTANCES)} instances for RSS and restart; ` +
      `${CONNECTIONS} connections, ${DURATION} s runs; node ${process.version}, ${os.cpus().length} CPUs; data in ${tmp}`,
  );
  const git = gitState();
  log(`load average at start: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  log(
    `server ${path.relative(ROOT, SERVER_MAIN) || SERVER_MAIN}, commit ${git.commit}` +
      (git.packagesDirty ? ' with uncommitted changes under packages/' : git.packagesDirty === false ? ', packages/ clean' : ''),
  );
  const out = {
    size,
    findServices: FIND_SERVICES,
    instancesPerService: PER_SERVICE,
    totalInstances: ALL_INSTANCES,
    connections: CONNECTIONS,
    durationS: DURATION,
    node: process.version,
    cpus: os.cpus().length,
    server: path.relative(ROOT, SERVER_MAIN) || SERVER_MAIN,
    git,
    loadAverageAtStart: os.loadavg().map((x) => round(x, 2)),
  };
  let server;
  let baseline;
  let keeper;
  try {
    if (!SCENARIOS_ONLY) {
      // 1. Server, empty.
      const port = await freePort();
      server = startServer(port, dataDir, profDir);
      const coldMs = await waitUntil(
        server,
        async () => (await call(port, 'GET', '/v4/default/registry/health', undefined, { agent: false })).status === 200,
        30_000,
        'server start',
      );
      log(`server pid ${server.pid} on ${HOST}:${port}, ready in ${fmtInt(coldMs)} ms (empty)`);
      keeper = new LeaseKeeper(port);

      // 2. Find registry: FIND_SERVICES x 10.
      let from = hrUs();
      await seed(port, server.pid, keeper, 0, FIND_SERVICES);
      phases.push({ name: 'seeding (find registry)', pid: server.pid, from, to: hrUs() });

      // 3. The find answers, for the baseline to replay.
      const bodies = {};
      await pool(FIND_SERVICES, SEED_CONCURRENCY, async (i) => {
        const p = findPath(i + 1);
        const r = expect200(await call(port, 'GET', p), `find ${serviceName(i + 1)}`);
        const got = jsonOf(r, 'find').instances?.length ?? 0;
        if (got !== PER_SERVICE) throw new Error(`find ${serviceName(i + 1)}: ${got} instances, expected ${PER_SERVICE}`);
        bodies[p] = {
          body: r.body.toString('utf8'),
          headers: {
            'Content-Type': r.headers['content-type'],
            'X-Resource-Revision': r.headers['x-resource-revision'] ?? '',
            'X-Request-Id': r.headers['x-request-id'] ?? '',
          },
        };
      });
      const bodiesFile = path.join(tmp, 'find-bodies.json');
      fs.writeFileSync(bodiesFile, JSON.stringify(bodies));
      const sample = bodies[findPath(1)];
      log(`find answers: ${fmtInt(Buffer.byteLength(sample.body))} bytes each (svc-1), ${PER_SERVICE} instances`);
      const basePort = await freePort();
      baseline = new Child('baseline', [BASELINE_MAIN, '--port', String(basePort), '--bodies', bodiesFile]);
      await waitUntil(
        baseline,
        async () => {
          const r = await call(basePort, 'GET', findPath(1), undefined, { agent: false });
          return r.status === 200 && r.body.toString('utf8') === sample.body;
        },
        10_000,
        'baseline start',
      );
      log(`baseline pid ${baseline.pid} on ${HOST}:${basePort}`);

      // 4. Find: ours, then the baseline, same requests.
      const paths = Array.from({ length: FIND_SERVICES }, (_, i) => findPath(i + 1));
      const findRequests = (k) => {
        const off = (k * 37) % paths.length;
        return [...paths.slice(off), ...paths.slice(0, off)].map((p) => ({ method: 'GET', path: p }));
      };
      await keeper.pause();
      const findOurs = await load('find, ours', { port, pid: server.pid, requestsFor: findRequests, phase: 'find' });
      const findBase = await load('find, baseline', { port: basePort, pid: baseline.pid, requestsFor: findRequests });
      keeper.resume();
      await baseline.stop();
      baseline = undefined;
      const ratio = findBase.reqPerSec > 0 ? round(findOurs.reqPerSec / findBase.reqPerSec, 3) : 0;
      out.find = { ours: findOurs, baseline: findBase, ratio, responseBytes: Buffer.byteLength(sample.body) };

      // 5. The rest of the registry, up to ALL_INSTANCES.
      from = hrUs();
      await seed(port, server.pid, keeper, FIND_SERVICES, ALL_SERVICES);
      phases.push({ name: 'seeding (to full size)', pid: server.pid, from, to: hrUs() });
      out.registrations = {
        servicesPerSec: round(stats.services.count / (stats.services.ms / 1000), 1),
        instancesPerSec: round(stats.instances.count / (stats.instances.ms / 1000), 1),
        services: stats.services.count,
        instances: stats.instances.count,
        concurrency: SEED_CONCURRENCY,
        seedingS: round((stats.services.ms + stats.instances.ms) / 1000, 1),
        // Instances 1..10% of the total (the find registry) and the last tenth (90..100%).
        instancesPerSecFirstTenth: stats.instances.pools[0].perSec,
        instancesPerSecLastTenth: stats.instances.pools[stats.instances.pools.length - 1].lastTenthPerSec,
        cpu: stats.cpu,
      };
      log(
        `registered ${fmtInt(stats.services.count)} services (${fmtInt(out.registrations.servicesPerSec)}/s) and ` +
          `${fmtInt(stats.instances.count)} instances (${fmtInt(out.registrations.instancesPerSec)}/s)`,
      );

      // 6. RSS with every instance registered (after 2 s to settle).
      await sleep(2_000);
      const mem = memOf(server.pid);
      out.rss = { afterSeedingMb: mem.rssMb, peakMb: mem.peakRssMb, instances: ALL_INSTANCES };
      log(`server RSS ${fmt1(mem.rssMb)} MB with ${fmtInt(ALL_INSTANCES)} instances (peak ${fmt1(mem.peakRssMb)} MB)`);

      // 7. Heartbeats over every instance: single, then batches of BATCH_SIZE.
      const hbRequest = ({ serviceId, instanceId }) => ({
        method: 'PUT',
        path: `/v4/default/registry/microservices/${serviceId}/instances/${instanceId}/heartbeat`,
      });
      const groups = [];
      for (let i = 0; i < instances.length; i += BATCH_SIZE) groups.push(instances.slice(i, i + BATCH_SIZE));
      const batchRequest = (group) => ({
        method: 'PUT',
        path: '/v4/default/registry/heartbeats',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ instances: group }),
      });
      const probe = jsonOf(
        expect200(await call(port, 'PUT', '/v4/default/registry/heartbeats', { instances: groups[0] }), 'batch heartbeat probe'),
        'batch heartbeat probe',
      );
      const refused = (probe.instances ?? []).filter((x) => x.errMessage);
      if ((probe.instances ?? []).length !== groups[0].length || refused.length > 0) {
        problem(`batch heartbeat probe: ${refused.length} of ${groups[0].length} refused: ${JSON.stringify(refused[0] ?? probe).slice(0, 300)}`);
      }
      await keeper.pause();
      const hbSingle = await load('heartbeat, single', {
        port,
        pid: server.pid,
        requestsFor: (k) => shareOf(instances, k, hbRequest),
        phase: 'heartbeat (single)',
      });
      const hbBatch = await load(`heartbeat, batches of ${BATCH_SIZE}`, {
        port,
        pid: server.pid,
        requestsFor: (k) => shareOf(groups, k, batchRequest),
        phase: 'heartbeat (batch)',
      });
      keeper.resume();
      out.heartbeat = {
        single: hbSingle,
        batch: { ...hbBatch, batchSize: BATCH_SIZE, instancesPerSec: round(hbBatch.reqPerSec * BATCH_SIZE, 1) },
        overInstances: instances.length,
      };
      log(`  batch: ${fmtInt(out.heartbeat.batch.instancesPerSec)} instance heartbeats/s`);

      // 8. Restart on the same data: SIGTERM, start again, time until find answers with instances.
      await keeper.stop();
      out.keeper = { heartbeats: keeper.sent, requests: keeper.requests };
      log(`restart: SIGTERM to pid ${server.pid}`);
      const tStop = hrMs();
      await server.stop();
      const stopMs = hrMs() - tStop;
      const old = server;
      server = startServer(port, dataDir, profDir);
      const tStart = hrMs();
      await waitUntil(
        server,
        async () => {
          const r = await call(port, 'GET', findPath(1), undefined, { agent: false });
          return r.status === 200 && (jsonOf(r, 'find').instances?.length ?? 0) > 0;
        },
        120_000,
        'restarted server',
      );
      const startMs = hrMs() - tStart;
      const restartMem = memOf(server.pid);
      phases.push({ name: 'restart: start to ready', pid: server.pid, from: server.spawnedUs, to: hrUs() });
      log(`restart: stopped in ${fmtInt(stopMs)} ms, ready in ${fmtInt(startMs)} ms (pid ${server.pid}, RSS ${fmt1(restartMem.rssMb)} MB)`);

      // 9. Did every instance survive? The dump, and a find per service.
      const tDump = hrMs();
      const dump = jsonOf(expect200(await call(port, 'GET', '/v4/default/admin/dump'), 'dump'), 'dump');
      const dumpMs = hrMs() - tDump;
      const ours = new Set(serviceIds);
      const survivedInstances = (dump.cache?.instances ?? []).filter((kv) => ours.has(kv.value?.serviceId)).length;
      const survivedServices = (dump.cache?.services ?? []).filter((kv) => ours.has(kv.value?.serviceId)).length;
      let findShort = 0;
      await pool(ALL_SERVICES, SEED_CONCURRENCY, async (i) => {
        const r = expect200(await call(port, 'GET', findPath(i + 1)), `find ${serviceName(i + 1)} after restart`);
        if ((jsonOf(r, 'find').instances?.length ?? 0) !== PER_SERVICE) findShort++;
      });
      log(
        `after restart: ${fmtInt(survivedServices)} services, ${fmtInt(survivedInstances)} instances in the dump (${fmtInt(dumpMs)} ms); ` +
          `${fmtInt(findShort)} services short of ${PER_SERVICE} instances by find`,
      );
      if (survivedInstances !== ALL_INSTANCES || survivedServices !== ALL_SERVICES || findShort > 0) {
        problem(
          `restart lost data: ${survivedServices}/${ALL_SERVICES} services, ${survivedInstances}/${ALL_INSTANCES} instances, ${findShort} finds short`,
        );
      }
      out.restart = {
        totalMs: Math.round(stopMs + startMs),
        stopMs: Math.round(stopMs),
        startToReadyMs: Math.round(startMs),
        rssMb: restartMem.rssMb,
        instances: survivedInstances,
        services: survivedServices,
        findsShort: findShort,
        dumpMs: Math.round(dumpMs),
      };
      out.coldStartMs = Math.round(coldMs);

      await server.stop();
      for (const c of [old, server]) {
        for (const l of c.errorLines) problem(`server pid ${c.pid} logged: ${l.slice(0, 500)}`);
        if (c.warnLines.length > 0) {
          log(`server pid ${c.pid} logged ${c.warnLines.length} warnings, first: ${c.warnLines[0].slice(0, 300)}`);
        }
      }
      server = undefined;

      // 10. Profiles, per phase.
      if (profDir) out.profiles = profileReport(profDir);
    }

    // 11. Service-Center's scenarios, on a fresh server.
    if (!SKIP_SCENARIOS) {
      const s = await runScenarios({
        HOST, call, expect200, jsonOf, pool, freePort, waitUntil, LeaseKeeper, Child, log, problem, BASELINE_MAIN, tmp,
        startServer: (p, dir) => startServer(p, dir, undefined),
        generator: loadGenerator({ forceAutocannon: has('autocannon') }),
        durationS: DURATION,
        warmupS: WARMUP,
        growTo: GROW_TO,
      });
      out.scenarios = s.scenarios;
      out.scenariosRun = s.meta;
    }
  } finally {
    if (keeper) await keeper.stop();
    for (const c of [...children]) await c.stop(5_000);
    seedAgent.destroy();
    if (!KEEP) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  }
  return out;
}

function profileReport(profDir) {
  const files = fs.readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
  const report = {};
  for (const ph of phases) {
    const file = files.find((f) => f.split('.').includes(String(ph.pid)));
    if (!file) {
      log(`no profile for pid ${ph.pid} (${ph.name})`);
      continue;
    }
    const profile = JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8'));
    const s = summarize(profile, { from: ph.from, to: ph.to, top: 15 });
    process.stdout.write(`\n${formatSummary(`profile, ${ph.name} (pid ${ph.pid})`, s)}\n`);
    report[ph.name] = { gcShare: s.gcShare, idleShare: s.idleShare, byArea: s.selfByArea.slice(0, 6).map((r) => `${(r.share * 100).toFixed(1)}% ${r.fn}`), selfTop: s.self.slice(0, 8).map((r) => `${(r.share * 100).toFixed(1)}% ${r.fn}`) };
  }
  return report;
}

// ---------------------------------------------------------------------------------------------
// Output

function table(out) {
  const sized = QUICK ? 'n/a (quick)' : undefined;
  const verdict = (ok) => (ok ? 'PASS' : 'MISSED');
  const f = out.find;
  const header = ['label', 'ours', 'baseline', 'ratio', 'target', 'pass?'];
  const mainRows = !f ? [] : [
    [
      `find throughput (req/s, ${fmtInt(out.findServices)} svc x ${out.instancesPerService})`,
      fmtInt(f.ours.reqPerSec),
      fmtInt(f.baseline.reqPerSec),
      fmt2(f.ratio),
      `ratio >= ${TARGETS.findRatio}`,
      verdict(f.ratio >= TARGETS.findRatio),
    ],
    [
      `find latency p99 (ms, ${out.connections} conns)`,
      String(f.ours.latencyMs.p99),
      String(f.baseline.latencyMs.p99),
      '',
      `<= ${TARGETS.findP99Ms} ms`,
      verdict(f.ours.latencyMs.p99 <= TARGETS.findP99Ms),
    ],
    ['find latency p50 (ms)', String(f.ours.latencyMs.p50), String(f.baseline.latencyMs.p50), '', '', ''],
    ['find: server CPU (cores)', fmt2(f.ours.targetCpuCores), fmt2(f.baseline.targetCpuCores), '', '', ''],
    ['find: load generator CPU (cores)', fmt2(f.ours.loadgenCpuCores), fmt2(f.baseline.loadgenCpuCores), '', '', ''],
    ['find: other processes CPU (cores)', fmt2(f.ours.otherCpuCores), fmt2(f.baseline.otherCpuCores), '', '', ''],
    [
      `heartbeats, single (req/s, over ${fmtInt(out.heartbeat.overInstances)})`,
      fmtInt(out.heartbeat.single.reqPerSec),
      '',
      '',
      `>= ${fmtInt(TARGETS.heartbeatsPerSec)}/s`,
      verdict(out.heartbeat.single.reqPerSec >= TARGETS.heartbeatsPerSec),
    ],
    ['heartbeats, single: p99 (ms)', String(out.heartbeat.single.latencyMs.p99), '', '', '', ''],
    ['heartbeats, single: server CPU (cores)', fmt2(out.heartbeat.single.targetCpuCores), '', '', '', ''],
    ['heartbeats, single: other processes CPU', fmt2(out.heartbeat.single.otherCpuCores), '', '', '', ''],
    [
      `heartbeats, batch of ${out.heartbeat.batch.batchSize} (instances/s)`,
      fmtInt(out.heartbeat.batch.instancesPerSec),
      '',
      '',
      '',
      '',
    ],
    [`heartbeats, batch of ${out.heartbeat.batch.batchSize} (req/s)`, fmtInt(out.heartbeat.batch.reqPerSec), '', '', '', ''],
    [`registrations: services/s (${out.registrations.concurrency} in flight)`, fmtInt(out.registrations.servicesPerSec), '', '', '', ''],
    [`registrations: instances/s (${out.registrations.concurrency} in flight)`, fmtInt(out.registrations.instancesPerSec), '', '', '', ''],
    [
      `  instances/s, first ${fmtInt(out.findServices * out.instancesPerService)} registered`,
      fmtInt(out.registrations.instancesPerSecFirstTenth),
      '',
      '',
      '',
      '',
    ],
    [
      `  instances/s, last ${fmtInt(out.totalInstances / 10)} registered`,
      fmtInt(out.registrations.instancesPerSecLastTenth),
      '',
      '',
      '',
      '',
    ],
    ['  seeding time over HTTP (s)', fmt1(out.registrations.seedingS), '', '', '', ''],
    [
      `RSS with ${fmtInt(out.totalInstances)} instances (MB)`,
      fmt1(out.rss.afterSeedingMb),
      '',
      '',
      `<= ${TARGETS.rssMb} MB`,
      sized ?? verdict(out.rss.afterSeedingMb <= TARGETS.rssMb),
    ],
    ['RSS peak while seeding (VmHWM, MB)', fmt1(out.rss.peakMb), '', '', '', ''],
    ['RSS after restart (MB)', fmt1(out.restart.rssMb), '', '', '', ''],
    [
      `restart to ready, ${fmtInt(out.totalInstances)} inst. (s)`,
      fmt2(out.restart.totalMs / 1000),
      '',
      '',
      `<= ${TARGETS.restartS} s`,
      sized ?? verdict(out.restart.totalMs / 1000 <= TARGETS.restartS),
    ],
    ['  of which: stop (SIGTERM to exit)', fmt2(out.restart.stopMs / 1000), '', '', '', ''],
    ['  of which: start to find answering', fmt2(out.restart.startToReadyMs / 1000), '', '', '', ''],
    [
      'instances after restart',
      fmtInt(out.restart.instances),
      '',
      '',
      `= ${fmtInt(out.totalInstances)}`,
      out.restart.instances === out.totalInstances && out.restart.findsShort === 0 ? 'PASS' : 'FAIL',
    ],
  ];
  const rows = [header, ...mainRows, ...(out.scenarios ? scenarioRows(out.scenarios, fmtInt, fmt2) : [])];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r) => `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(rows[0]), sep, ...rows.slice(1).map(line)].join('\n');
}

function passes(out) {
  const main = !out.find
    ? {}
    : {
        findRatio: out.find.ratio >= TARGETS.findRatio,
        findP99: out.find.ours.latencyMs.p99 <= TARGETS.findP99Ms,
        heartbeats: out.heartbeat.single.reqPerSec >= TARGETS.heartbeatsPerSec,
        rss: QUICK ? null : out.rss.afterSeedingMb <= TARGETS.rssMb,
        restart: QUICK ? null : out.restart.totalMs / 1000 <= TARGETS.restartS,
      };
  return { ...main, ...(out.scenarios ? scenarioPasses(out.scenarios) : {}) };
}

let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    interrupted = true;
    const waits = [...children].map((c) => {
      c.stopping = true;
      c.proc.kill('SIGTERM');
      return c.exited;
    });
    const done = () => {
      if (tmpDir && !KEEP) fs.rmSync(tmpDir, { recursive: true, force: true });
      process.exit(130);
    };
    Promise.all(waits).then(done, done);
    setTimeout(done, 5_000).unref();
  });
}

main()
  .then((out) => {
    process.stdout.write(`\nRegistry benchmark (${out.size}: ${QUICK ? 'smaller sizes, a quick check' : 'the sizes of the targets'})\n`);
    process.stdout.write(table(out) + '\n');
    const pass = passes(out);
    const missed = Object.entries(pass).filter(([, v]) => v === false).map(([k]) => k);
    if (missed.length > 0) process.stdout.write(`MISSED targets: ${missed.join(', ')}\n`);
    if (problems.length > 0) process.stdout.write(`ERRORS (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.stdout.write(JSON.stringify({ bench: 'registry', ...out, targets: TARGETS, pass, errors: problems }) + '\n');
    process.exitCode = problems.length > 0 ? 1 : 0;
  })
  .catch((err) => {
    if (interrupted) return;
    problem(err.stack ?? String(err));
    process.stdout.write(JSON.stringify({ bench: 'registry', size: QUICK ? 'quick' : 'full', errors: problems }) + '\n');
    process.exitCode = 1;
  });
