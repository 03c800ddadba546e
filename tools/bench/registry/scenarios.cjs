// Service-Center's own benchmark scenarios (its k6 figures, 10 virtual users, on a 2-core VM),
// run against a fresh server at 10 connections: find 1 / 100 / 1,000 instances (each beside a
// bare node:http server sending the same bytes), heartbeat of one instance, and registering
// ever more instances into one service (its rate, and how it holds up as the service grows).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** SC 2.x with an external etcd, k6 with 10 VUs, SC + etcd + k6 on one 2-core 8 GB VM (req/s). */
const SC_PUBLISHED = Object.freeze({ find1: 7_577, find100: 3_242, find1000: 544, heartbeat1: 7_068, registerGrowing: 699 });
const CONNECTIONS = 10;
const APP = 'scbench';
const GROW_IN_FLIGHT = 16;

const instanceBody = (hostName) => ({
  instance: { hostName, endpoints: ['rest://10.0.0.1:8080'], status: 'UP', healthCheck: { mode: 'push', interval: 30, times: 3 } },
});

/**
 * Run the scenarios. `h` carries the bench's helpers (HTTP calls, child processes, lease
 * keeper, logging) so that this file holds only what the scenarios do.
 */
async function runScenarios(h) {
  const { HOST, call, expect200, jsonOf, pool, freePort, startServer, waitUntil, LeaseKeeper, Child, log, problem } = h;
  const gen = h.generator;
  log(`SC scenarios: ${CONNECTIONS} connections, ${h.warmupS} s warm-up + ${h.durationS} s per run, load generator ${gen.name}`);
  const dataDir = path.join(h.tmp, 'scenarios-data');
  fs.mkdirSync(dataDir);
  const port = await freePort();
  const server = startServer(port, dataDir);
  let baseline;
  let keeper;
  try {
    await waitUntil(server, async () => (await call(port, 'GET', '/v4/default/registry/health', undefined, { agent: false })).status === 200, 30_000, 'scenario server start');
    keeper = new LeaseKeeper(port);
    const register = async (name) =>
      jsonOf(expect200(await call(port, 'POST', '/v4/default/registry/microservices', { service: { serviceName: name, appId: APP, version: '1.0.0' } }), `register ${name}`), name).serviceId;
    const addInstances = async (serviceId, n, inFlight = 32) => {
      const ids = [];
      await pool(n, inFlight, async (i) => {
        const r = expect200(await call(port, 'POST', `/v4/default/registry/microservices/${serviceId}/instances`, instanceBody(`h${i}`)), 'register instance');
        const instanceId = jsonOf(r, 'register instance').instanceId;
        ids.push(instanceId);
        keeper.add(serviceId, instanceId);
      });
      return ids;
    };

    // Finds: one service per size, its answer replayed by the baseline.
    const sizes = { find1: 1, find100: 100, find1000: 1_000 };
    const bodies = {};
    const findPaths = {};
    for (const [name, n] of Object.entries(sizes)) {
      const serviceId = await register(`sc-${name}`);
      await addInstances(serviceId, n);
      const p = `/v4/default/registry/instances?appId=${APP}&serviceName=sc-${name}`;
      const r = expect200(await call(port, 'GET', p), `find sc-${name}`);
      const got = jsonOf(r, 'find').instances?.length ?? 0;
      if (got !== n) throw new Error(`find sc-${name}: ${got} instances, expected ${n}`);
      bodies[p] = { body: r.body.toString('utf8'), headers: { 'Content-Type': r.headers['content-type'], 'X-Resource-Revision': r.headers['x-resource-revision'] ?? '' } };
      findPaths[name] = p;
      log(`  sc-${name}: ${n} instances, answer ${r.body.length.toLocaleString('en-US')} bytes`);
    }
    const bodiesFile = path.join(h.tmp, 'scenario-bodies.json');
    fs.writeFileSync(bodiesFile, JSON.stringify(bodies));
    const basePort = await freePort();
    baseline = new Child('scenario baseline', [h.BASELINE_MAIN, '--port', String(basePort), '--bodies', bodiesFile]);
    await waitUntil(baseline, async () => (await call(basePort, 'GET', findPaths.find1, undefined, { agent: false })).status === 200, 10_000, 'scenario baseline start');

    const measure = async (label, opts) => {
      const o = { host: HOST, connections: CONNECTIONS, ...opts };
      await gen.run({ ...o, durationS: h.warmupS });
      const r = await gen.run({ ...o, durationS: h.durationS });
      if (r.bad > 0) problem(`${label}: ${r.detail}`);
      log(`  ${label}: ${Math.round(r.reqPerSec).toLocaleString('en-US')} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`);
      return r;
    };
    const round = (n, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
    const out = {};
    await keeper.pause();
    for (const name of Object.keys(sizes)) {
      const ours = await measure(`${name}, ours`, { port, path: findPaths[name] });
      const base = await measure(`${name}, baseline`, { port: basePort, path: findPaths[name] });
      out[name] = {
        reqPerSec: round(ours.reqPerSec, 1),
        p99Ms: ours.p99Ms,
        baselineReqPerSec: round(base.reqPerSec, 1),
        ratio: base.reqPerSec > 0 ? round(ours.reqPerSec / base.reqPerSec, 3) : 0,
        scReqPerSec: SC_PUBLISHED[name],
      };
    }
    keeper.resume();
    await baseline.stop();
    baseline = undefined;

    // Heartbeat of one instance, over and over.
    const hbService = await register('sc-heartbeat');
    const [hbInstance] = await addInstances(hbService, 1);
    await keeper.pause();
    const hb = await measure('heartbeat1', { port, method: 'PUT', path: `/v4/default/registry/microservices/${hbService}/instances/${hbInstance}/heartbeat` });
    out.heartbeat1 = { reqPerSec: round(hb.reqPerSec, 1), p99Ms: hb.p99Ms, scReqPerSec: SC_PUBLISHED.heartbeat1 };
    keeper.resume();

    // Registering into one service as it grows: first the rate per 1,000 with 16 in flight
    // (does a registration cost more in a bigger service?), then the generator's run.
    const growService = await register('sc-grow');
    const marks = [];
    let done = 0;
    let t = process.hrtime.bigint();
    await pool(h.growTo, GROW_IN_FLIGHT, async (i) => {
      expect200(await call(port, 'POST', `/v4/default/registry/microservices/${growService}/instances`, instanceBody(`g${i}`)), 'register a growing instance');
      if (++done % 1_000 === 0) {
        const now = process.hrtime.bigint();
        marks.push(round(1_000 / (Number(now - t) / 1e9), 1));
        t = now;
      }
    });
    log(`  registering ${h.growTo.toLocaleString('en-US')} into one service, ${GROW_IN_FLIGHT} in flight, per 1,000: ${marks.map((m) => Math.round(m)).join(', ')}/s`);
    const regService = await register('sc-register');
    const reg = await measure('registerGrowing', {
      port,
      method: 'POST',
      path: `/v4/default/registry/microservices/${regService}/instances`,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(instanceBody('grow')),
    });
    const grown = jsonOf(expect200(await call(port, 'GET', `/v4/default/registry/instances?appId=${APP}&serviceName=sc-register`), 'find sc-register'), 'find').instances?.length ?? 0;
    out.registerGrowing = {
      reqPerSec: round(reg.reqPerSec, 1),
      p99Ms: reg.p99Ms,
      scReqPerSec: SC_PUBLISHED.registerGrowing,
      instancesAtEnd: grown,
      perThousand: marks,
      lastOverFirstThousand: marks.length > 1 ? round(marks[marks.length - 1] / marks[0], 3) : null,
    };
    return { scenarios: out, meta: { loadGenerator: gen.name, connections: CONNECTIONS, durationS: h.durationS, growTo: h.growTo } };
  } finally {
    if (keeper) await keeper.stop();
    if (baseline) await baseline.stop(5_000);
    await server.stop();
    for (const l of server.errorLines) problem(`scenario server logged: ${l.slice(0, 500)}`);
  }
}

/** The targets for the scenarios: 3x SC's figure, find-1,000 at 0.8 of the bare server, registering flat. */
const TARGETS = Object.freeze({ timesSc: 3, find1000Ratio: 0.8, growthFlat: 0.9 });

function scenarioPasses(s) {
  const p = {};
  for (const [name, r] of Object.entries(s)) p[`sc_${name}`] = r.reqPerSec >= TARGETS.timesSc * r.scReqPerSec;
  if (s.find1000) p.sc_find1000Ratio = s.find1000.ratio >= TARGETS.find1000Ratio;
  const g = s.registerGrowing;
  if (g?.lastOverFirstThousand != null) p.sc_registerFlat = g.lastOverFirstThousand >= TARGETS.growthFlat;
  return p;
}

/** The scenario rows of the printed table: label, ours, baseline, ratio, target, pass?. */
function scenarioRows(s, fmtInt, fmt2) {
  const verdict = (ok) => (ok ? 'PASS' : 'MISSED');
  const pass = scenarioPasses(s);
  const rows = [];
  for (const name of ['find1', 'find100', 'find1000', 'heartbeat1', 'registerGrowing']) {
    const r = s[name];
    if (!r) continue;
    rows.push([
      `SC ${name} (req/s, 10 conns; SC published ${fmtInt(r.scReqPerSec)})`,
      fmtInt(r.reqPerSec),
      r.baselineReqPerSec === undefined ? '' : fmtInt(r.baselineReqPerSec),
      r.ratio === undefined ? '' : fmt2(r.ratio),
      `>= ${fmtInt(TARGETS.timesSc * r.scReqPerSec)} (${TARGETS.timesSc}x SC)`,
      verdict(pass[`sc_${name}`]),
    ]);
    if (name === 'find1000') rows.push(['  find1000 ours / bare server', fmt2(r.ratio), '', '', `>= ${TARGETS.find1000Ratio}`, verdict(pass.sc_find1000Ratio)]);
    rows.push([`  ${name} p99 (ms)`, String(r.p99Ms), '', '', '', '']);
  }
  const g = s.registerGrowing;
  if (g?.lastOverFirstThousand != null) {
    rows.push([
      `  into one service, ${GROW_IN_FLIGHT} in flight: last / first 1,000 of ${fmtInt(g.perThousand.length * 1000)}`,
      fmt2(g.lastOverFirstThousand),
      '',
      '',
      `>= ${TARGETS.growthFlat}`,
      verdict(pass.sc_registerFlat),
    ]);
  }
  return rows;
}

module.exports = { runScenarios, scenarioRows, scenarioPasses };
