#!/usr/bin/env node
// Propagation latency between two servers on loopback: 200 instance registrations in sc1,
// time until each is visible in sc2's `global=true` find. Run with the change stream, then
// pull-only (dump polling). Usage: npm run bench:propagation [-- --count 200 --interval 5]
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../../..');
const MAIN = path.join(ROOT, 'packages/server/dist/main.js');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const COUNT = opt('count', 200);
const INTERVAL = opt('interval', 5);

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startNode(name, port, peer, extra) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${name}-`));
  const proc = spawn(process.execPath, [MAIN, '--port', String(port), '--data-dir', dir, '--cluster-name', name, '--clusters', peer, '--log-level', 'warn', ...extra], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`${url}/version`)).ok) return { proc, url, dir };
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name} did not start`);
}

async function stopNode(n) {
  const exited = new Promise((r) => n.proc.once('exit', r));
  n.proc.kill('SIGTERM');
  await exited;
  fs.rmSync(n.dir, { recursive: true, force: true });
}

async function post(url, body) {
  const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const json = await r.json();
  if (!r.ok) throw new Error(`${url}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function scenario(label, extra) {
  const [p1, p2] = [await freePort(), await freePort()];
  const sc1 = await startNode('sc1', p1, `sc2=http://127.0.0.1:${p2}`, extra);
  const sc2 = await startNode('sc2', p2, `sc1=http://127.0.0.1:${p1}`, extra);
  try {
    const { serviceId } = await post(`${sc1.url}/v4/default/registry/microservices`, { service: { serviceName: 'bench', appId: 'prop', version: '1.0.0' } });
    // Let the first full sync happen, so only registration-to-visibility is measured.
    await new Promise((r) => setTimeout(r, 1500));
    const registeredAt = new Map();
    const seenAt = new Map();
    let done = false;
    const watcher = (async () => {
      while (!done) {
        try {
          const r = await fetch(`${sc2.url}/v4/default/registry/instances?appId=prop&serviceName=bench&global=true`);
          const now = performance.now();
          if (r.ok) for (const i of (await r.json()).instances ?? []) if (!seenAt.has(i.instanceId)) seenAt.set(i.instanceId, now);
        } catch {
          /* keep polling */
        }
        await new Promise((res) => setTimeout(res, 5));
      }
    })();
    for (let n = 0; n < COUNT; n++) {
      const t = performance.now();
      const { instanceId } = await post(`${sc1.url}/v4/default/registry/microservices/${serviceId}/instances`, {
        instance: { hostName: `h${n}`, endpoints: [`rest://10.9.0.${n % 250}:80`] },
      });
      registeredAt.set(instanceId, t);
      await new Promise((r) => setTimeout(r, 10));
    }
    const deadline = performance.now() + (INTERVAL + 10) * 1000;
    while (seenAt.size < COUNT && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    done = true;
    await watcher;
    const lat = [...registeredAt].filter(([id]) => seenAt.has(id)).map(([id, t]) => seenAt.get(id) - t).sort((a, b) => a - b);
    return { label, count: COUNT, seen: lat.length, p50: pct(lat, 50), p99: pct(lat, 99), max: lat[lat.length - 1] };
  } finally {
    await Promise.all([stopNode(sc1), stopNode(sc2)]);
  }
}

(async () => {
  if (!fs.existsSync(MAIN)) throw new Error('build first: npm run build');
  const results = [
    await scenario('change stream', ['--sync-interval', '30']),
    await scenario(`pull only (interval ${INTERVAL} s)`, ['--peer-stream', 'false', '--sync-interval', String(INTERVAL)]),
  ];
  const targets = { 'change stream': 500, pull: (INTERVAL + 1) * 1000 };
  const f = (ms) => (ms === undefined ? 'n/a' : `${ms.toFixed(1)} ms`);
  console.log(`\nPropagation sc1 -> sc2 (${COUNT} registrations, loopback, ${os.cpus().length} cores)\n`);
  console.log('| mode | seen | p50 | p99 | max | target p99 | pass |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  let errored = false;
  for (const r of results) {
    const target = r.label.startsWith('pull') ? targets.pull : targets['change stream'];
    const pass = r.seen === r.count && r.p99 <= target;
    if (r.seen !== r.count) errored = true;
    console.log(`| ${r.label} | ${r.seen}/${r.count} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.max)} | <= ${target} ms | ${pass ? 'yes' : 'MISSED'} |`);
  }
  console.log('\nService-Center itself pulls every 30 s (first pull 5 s after start).');
  console.log(JSON.stringify({ bench: 'propagation', count: COUNT, interval: INTERVAL, results }));
  process.exit(errored ? 1 : 0);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
