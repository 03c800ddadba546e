#!/usr/bin/env node
// Failover timing over three servers on loopback (a, b, c; a peers with b and c): the local
// cluster a's instances all go DOWN, then come back UP. Measured, per round, from the status
// change until a client is served another cluster's instances (detect) and until it is
// served only a's again (back), for:
//   server  plain finds with `rev` against a started with --failover local-first (any SC client)
//   sdk     ServiceCenterClient.discover({global: true}) with the `failover` option, a plain server
// Clients poll every --poll ms. Usage: npm run bench:failover [-- --rounds 5 --poll 50]
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../../..');
const MAIN = path.join(ROOT, 'packages/server/dist/main.js');
const { ServiceCenterClient } = require(path.join(ROOT, 'packages/client/dist/index.js'));
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const ROUNDS = opt('rounds', 5);
const POLL_MS = opt('poll', 50);
const ORDER = ['c', 'b'];
const TIMEOUT_MS = 10_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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

async function startNode(name, port, extra) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-fo-${name}-`));
  const proc = spawn(process.execPath, [MAIN, '--port', String(port), '--data-dir', dir, '--cluster-name', name, '--log-level', 'warn', ...extra], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`${url}/version`)).ok) return { proc, url, dir };
    } catch {
      /* starting */
    }
    await sleep(50);
  }
  throw new Error(`${name} did not start`);
}

async function stopNode(n) {
  const exited = new Promise((r) => n.proc.once('exit', r));
  n.proc.kill('SIGTERM');
  await exited;
  fs.rmSync(n.dir, { recursive: true, force: true });
}

async function send(method, url, body) {
  const r = await fetch(url, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${text}`);
  return text === '' ? {} : JSON.parse(text);
}

/** One service in every cluster, `perCluster` instances each; returns a's ids. */
async function populate(nodes, perCluster) {
  let local;
  for (const [name, n] of Object.entries(nodes)) {
    const { serviceId } = await send('POST', `${n.url}/v4/default/registry/microservices`, { service: { serviceName: 'bench', appId: 'fo', version: '1.0.0' } });
    const ids = [];
    for (let i = 0; i < perCluster; i++) {
      const r = await send('POST', `${n.url}/v4/default/registry/microservices/${serviceId}/instances`, { instance: { hostName: `${name}${i}`, endpoints: [`rest://${name}.example:${8000 + i}`] } });
      ids.push(r.instanceId);
    }
    if (name === 'a') local = { serviceId, ids };
  }
  return local;
}

const setLocal = (a, local, status) =>
  Promise.all(local.ids.map((id) => send('PUT', `${a.url}/v4/default/registry/microservices/${local.serviceId}/instances/${id}/status?value=${status}`)));

/** Poll `served()` (true = another cluster is served) until it equals `want`; ms since `from`. */
async function until(served, want, from) {
  for (;;) {
    if ((await served()) === want) return performance.now() - from;
    if (performance.now() - from > TIMEOUT_MS) throw new Error(`no ${want ? 'failover' : 'recovery'} within ${TIMEOUT_MS} ms`);
    await sleep(POLL_MS);
  }
}

async function rounds(a, local, served) {
  const detect = [];
  const back = [];
  for (let r = 0; r < ROUNDS; r++) {
    let t = performance.now();
    await setLocal(a, local, 'DOWN');
    detect.push(await until(served, true, t));
    t = performance.now();
    await setLocal(a, local, 'UP');
    back.push(await until(served, false, t));
  }
  return { detect, back };
}

/** Three servers, a peering with b and c; `aFlags` for a. */
async function withClusters(aFlags, run) {
  const [pa, pb, pc] = [await freePort(), await freePort(), await freePort()];
  const b = await startNode('b', pb, []);
  const c = await startNode('c', pc, []);
  const a = await startNode('a', pa, ['--clusters', `b=${b.url},c=${c.url}`, '--sync-interval', '5', ...aFlags]);
  try {
    const local = await populate({ a, b, c }, 2);
    // The first sync of b and c into a's merged view.
    for (let i = 0; i < 200; i++) {
      const r = await fetch(`${a.url}/v4/default/registry/instances?appId=fo&serviceName=bench&global=true`);
      if (r.ok && ((await r.json()).instances ?? []).length === 6) break;
      await sleep(50);
    }
    return await run(a, local);
  } finally {
    await Promise.all([a, b, c].map(stopNode));
  }
}

async function serverMode() {
  return withClusters(['--failover', 'local-first', '--failover-order', ORDER.join(',')], async (a, local) => {
    let rev = '';
    let remote = false;
    const served = async () => {
      const r = await fetch(`${a.url}/v4/default/registry/instances?appId=fo&serviceName=bench${rev ? `&rev=${rev}` : ''}`);
      if (r.status === 304) return remote;
      rev = r.headers.get('x-resource-revision') ?? '';
      remote = ((await r.json()).instances ?? []).some((i) => (i.properties ?? {})['x-sc-origin-cluster'] !== undefined);
      return remote;
    };
    return rounds(a, local, served);
  });
}

async function sdkMode() {
  return withClusters([], async (a, local) => {
    const client = new ServiceCenterClient({ endpoints: [a.url], locality: { cluster: 'a' }, failover: { order: ORDER }, cache: { ttlMs: 0 } });
    try {
      const served = async () => (await client.discover({ appId: 'fo', serviceName: 'bench', global: true })).instances.some((i) => i.origin !== 'a');
      return await rounds(a, local, served);
    } finally {
      await client.close();
    }
  });
}

const stats = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return { p50: s[Math.floor((s.length - 1) / 2)], max: s[s.length - 1] };
};

(async () => {
  if (!fs.existsSync(MAIN)) throw new Error('build first: npm run build');
  const results = { server: await serverMode(), sdk: await sdkMode() };
  const f = (ms) => `${ms.toFixed(0)} ms`;
  console.log(`\nFailover: a's 2 instances DOWN then UP; b and c hold 2 each; order ${ORDER.join(',')}, minHealthy 1, spill ordered`);
  console.log(`${ROUNDS} rounds, clients poll every ${POLL_MS} ms (SDK: discover with cache ttl 0), loopback, ${os.cpus().length} cores\n`);
  console.log('| mode | configuration | detect p50 | detect max | back p50 | back max |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  const config = {
    server: `a: --failover local-first --failover-order ${ORDER.join(',')}; plain find with rev`,
    sdk: `a: --failover off; client failover {order: [${ORDER.join(', ')}]}, find global=true`,
  };
  for (const [mode, r] of Object.entries(results)) {
    const d = stats(r.detect);
    const b = stats(r.back);
    console.log(`| ${mode} | ${config[mode]} | ${f(d.p50)} | ${f(d.max)} | ${f(b.p50)} | ${f(b.max)} |`);
  }
  console.log(JSON.stringify({ bench: 'failover', rounds: ROUNDS, pollMs: POLL_MS, order: ORDER, results }));
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
