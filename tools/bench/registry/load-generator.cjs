// The load generator for the benchmark's scenarios: Debian's `wrk` when it is installed (a C
// program: it leaves the server more of a 2-core machine than autocannon in the bench's own
// process does), else autocannon. Both answer { reqPerSec, p50Ms, p99Ms, requests, bad }.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawn } = require('node:child_process');
const autocannon = require('autocannon');

function wrkPath() {
  try {
    return execFileSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** "2.31ms", "870.00us", "1.02s" -> milliseconds. */
function durationMs(text) {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

/** The figures of wrk's text output (run with --latency). */
function parseWrk(out) {
  const num = (re) => Number(re.exec(out)?.[1] ?? NaN);
  const pct = (p) => durationMs(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(out)?.[1] ?? '');
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  const non2xx = num(/Non-2xx or 3xx responses: (\d+)/) || 0;
  return {
    reqPerSec: num(/Requests\/sec:\s+([\d.]+)/),
    p50Ms: pct(50),
    p99Ms: pct(99),
    requests: num(/(\d+) requests in/),
    bad: non2xx + socketErrors,
    detail: `${non2xx} non-2xx/3xx, ${socketErrors} socket errors`,
  };
}

/** A Lua script for one fixed request (wrk's own way to send a method, headers and a body). */
function wrkScript(dir, { method, body, headers }) {
  const lines = [`wrk.method = "${method}"`];
  for (const [k, v] of Object.entries(headers ?? {})) lines.push(`wrk.headers["${k}"] = [==[${v}]==]`);
  if (body !== undefined) lines.push(`wrk.body = [==[${body}]==]`);
  const file = path.join(dir, `wrk-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.lua`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function runWrk(bin, { host, port, path: urlPath, method = 'GET', body, headers, connections, durationS }) {
  const script = wrkScript(os.tmpdir(), { method, body, headers });
  const args = ['-t1', `-c${connections}`, `-d${durationS}s`, '--latency', '--timeout', '10s', '-s', script, `http://${host}:${port}${urlPath}`];
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      fs.rmSync(script, { force: true });
      const r = parseWrk(out);
      if (code !== 0 || !Number.isFinite(r.reqPerSec)) reject(new Error(`wrk exited ${code}: ${out.slice(0, 500)}`));
      else resolve(r);
    });
  });
}

function runAutocannon({ host, port, path: urlPath, method = 'GET', body, headers, connections, durationS }) {
  return new Promise((resolve, reject) => {
    autocannon({ url: `http://${host}:${port}${urlPath}`, method, body, headers, connections, duration: durationS, timeout: 10 }, (err, res) => {
      if (err) return reject(err);
      const bad = res.non2xx + res.errors + res.timeouts;
      resolve({
        reqPerSec: res.requests.average,
        p50Ms: res.latency.p50,
        p99Ms: res.latency.p99,
        requests: res.requests.total,
        bad,
        detail: `${res.non2xx} non-2xx, ${res.errors} errors, ${res.timeouts} timeouts`,
      });
    });
  });
}

/** The generator to use: `{ name, run(opts) }`; `forceAutocannon` skips wrk. */
function loadGenerator({ forceAutocannon = false } = {}) {
  const bin = forceAutocannon ? undefined : wrkPath();
  if (bin) return { name: `wrk (${bin}, 1 thread)`, run: (o) => runWrk(bin, o) };
  return { name: forceAutocannon ? 'autocannon (asked for)' : 'autocannon (wrk not installed: Debian package wrk)', run: runAutocannon };
}

module.exports = { loadGenerator };
