#!/usr/bin/env node
// Merge benchmark: 3 sources x 10,000 services, 100,000 instances in total.
// Run from the repo root: `npm run bench:merge` (builds core, then runs this with --expose-gc).
// Prints a table and one JSON line. Not a test: numbers depend on the machine.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createHash } = require('node:crypto');
const core = require(path.join(__dirname, '../../../packages/core/dist/index.js'));

const SERVICES = Number(process.env.BENCH_SERVICES ?? 10_000);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 100_000);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 5_000);
const SELF = 'sc1';
const T = { domain: 'default', project: 'default' };
const NOW = 1_700_000_000_000;
const policy = core.mergePolicy(SELF);

// A fixed-seed PRNG so every run measures the same data.
let seed = 42;
const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const hex = (s) => createHash('md5').update(s).digest('hex');

const CLUSTERS = [
  { cluster: 'sc1', kind: 'local' },
  { cluster: 'sc2', kind: 'servicecenter' },
  { cluster: 'sc3', kind: 'servicecenter' },
];

const keys = Array.from({ length: SERVICES }, (_, i) => {
  const key = { appId: `app${i % 50}`, serviceName: `svc${i}`, version: `1.${i % 7}.0`, environment: 'production' };
  return { key, serviceId: core.serviceIdOf({ ...T, ...key }) };
});

// Records are plain literals with one key order, as JSON.parse (and io-ts decoding, which
// keeps the parsed object) produces them: V8 then gives them shared hidden classes. (Objects
// built with spread get a hidden class each, which makes every field read megamorphic.)
function service(origin, i) {
  const { key, serviceId } = keys[i];
  // A few disagreements so the conflict paths are exercised: 1% definitions, 0.5% ids.
  const level = origin === 'sc2' && i % 100 === 0 ? 'FRONT' : 'BACK';
  const id = origin === 'sc3' && i % 200 === 1 ? hex(`other-${i}`) + '00000000' : serviceId;
  return {
    tenant: T,
    origin,
    rev: 1,
    service: {
      appId: key.appId,
      serviceName: key.serviceName,
      version: key.version,
      environment: key.environment,
      serviceId: id,
      level,
      status: 'UP',
      schemas: ['s1', 's2'],
      framework: { name: 'servicecomb-java-chassis', version: '2.8.0' },
      registerBy: 'SDK',
      properties: { owner: 'team-a' },
      timestamp: String(1_600_000_000 + i),
      modTimestamp: String(1_600_000_000 + i),
    },
  };
}

function instance(origin, n, idx, rev = 1 + (idx % 5), status = 'UP') {
  const s = n % SERVICES;
  // 0.5% of sc3's instances reuse an sc2 instanceId with other content: instance conflicts.
  const instanceId = origin === 'sc3' && idx % 200 === 0 ? hex(`sc2-${idx}`) : hex(`${origin}-${idx}`);
  return {
    tenant: T,
    origin,
    rev,
    instance: {
      instanceId,
      serviceId: keys[s].serviceId,
      endpoints: [`rest://10.${idx % 250}.${(idx >> 8) % 250}.${idx % 200}:8080`, `highway://10.0.0.${idx % 250}:7070`],
      hostName: `${origin}-host-${idx}`,
      status,
      properties: { nodeIP: `192.168.${idx % 250}.1` },
      healthCheck: { mode: 'push', interval: 30, times: 3 },
      dataCenterInfo: { name: 'dc', region: `region-${origin}`, availableZone: `az-${idx % 3}` },
      timestamp: String(1_650_000_000 + idx),
      modTimestamp: String(1_650_000_000 + idx),
      version: keys[s].key.version,
    },
  };
}

function buildSources() {
  const per = Math.ceil(INSTANCES / CLUSTERS.length);
  return CLUSTERS.map(({ cluster, kind }, c) => {
    const count = Math.min(per, INSTANCES - per * c);
    const instances = [];
    for (let idx = 0; idx < count; idx++) instances.push(instance(cluster, c * per + idx, idx));
    const services = keys.map((_, i) => service(cluster, i));
    return core.sourceOf({ cluster, kind, health: { status: 'fresh', lastConfirmed: NOW }, services, instances });
  });
}

// CPU time of the main thread (Linux): tells the merge's own cost from time lost to other
// processes on a shared machine. Undefined elsewhere.
function mainThreadCpuMs() {
  try {
    return Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

const gc = () => {
  if (global.gc) {
    global.gc();
    global.gc();
  }
};
const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const ms = (ns) => Number(ns) / 1e6;
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

function main() {
  gc();
  const heapStart = process.memoryUsage().heapUsed;
  let t = process.hrtime.bigint();
  const sources = buildSources();
  const buildMs = ms(process.hrtime.bigint() - t);
  gc();
  const heapInputs = process.memoryUsage().heapUsed;

  const cpu0 = mainThreadCpuMs();
  t = process.hrtime.bigint();
  let result = core.merge(sources, policy, NOW);
  const mergeColdMs = ms(process.hrtime.bigint() - t);
  const cpu1 = mainThreadCpuMs();
  const warm = [];
  for (let i = 0; i < 3; i++) {
    t = process.hrtime.bigint();
    result = core.merge(sources, policy, NOW);
    warm.push(ms(process.hrtime.bigint() - t));
  }
  warm.sort((a, b) => a - b);
  gc();
  const heapAfter = process.memoryUsage().heapUsed;

  // applyChange: one instance of a peer changes (status flip, new revision), chained.
  const sc2 = { cluster: 'sc2', kind: 'servicecenter' };
  const per = Math.ceil(INSTANCES / CLUSTERS.length);
  let view = result.view;
  const apply = [];
  const applyDiff = [];
  for (let i = 0; i < CHANGES; i++) {
    const idx = Math.floor(rand() * per);
    const record = instance('sc2', per + idx, idx, 10 + i, i % 2 ? 'UP' : 'DOWN');
    const before = view;
    t = process.hrtime.bigint();
    view = core.applyChange(view, { kind: 'put-instance', source: sc2, record });
    const t1 = process.hrtime.bigint();
    const events = core.diff(before, view);
    const t2 = process.hrtime.bigint();
    if (events.length !== 1) throw new Error(`expected one event, got ${events.length}`);
    apply.push(ms(t1 - t));
    applyDiff.push(ms(t2 - t));
  }
  apply.sort((a, b) => a - b);
  applyDiff.sort((a, b) => a - b);

  // The production find over the merged view (global=true reads), for scale.
  const finds = [];
  for (let i = 0; i < 2000; i++) {
    const k = keys[Math.floor(rand() * SERVICES)].key;
    t = process.hrtime.bigint();
    const req = { tenant: T, consumerId: '', environment: k.environment, appId: k.appId, serviceName: k.serviceName, version: '', tags: [] };
    const r = core.findInstances(core.viewReads(view), req);
    finds.push(ms(process.hrtime.bigint() - t));
    if (r._tag !== 'Right') throw new Error('find failed');
  }
  finds.sort((a, b) => a - b);

  const figures = {
    sources: CLUSTERS.length,
    servicesPerSource: SERVICES,
    instancesTotal: INSTANCES,
    logicalServices: result.view.services.size,
    conflicts: result.conflicts.length,
    buildSourcesMs: round(buildMs),
    fullMergeColdMs: round(mergeColdMs),
    fullMergeColdMainThreadCpuMs: cpu0 === undefined || cpu1 === undefined ? 'n/a' : round(cpu1 - cpu0),
    fullMergeWarmMedianMs: round(warm[1]),
    heapUsedInputsMB: mb(heapInputs - heapStart),
    heapUsedViewMB: mb(heapAfter - heapInputs),
    heapUsedTotalMB: mb(heapAfter),
    applyChangeMedianMs: round(quantile(apply, 0.5), 4),
    applyChangeP99Ms: round(quantile(apply, 0.99), 4),
    applyChangePlusDiffMedianMs: round(quantile(applyDiff, 0.5), 4),
    findInstancesMedianMs: round(quantile(finds, 0.5), 4),
    changesMeasured: CHANGES,
    node: process.version,
    cpus: require('node:os').cpus().length,
    loadAverage1m: round(require('node:os').loadavg()[0], 2),
    gcExposed: Boolean(global.gc),
  };
  const targets = {
    fullMergeColdMs: 1000,
    applyChangeMedianMs: 0.1,
    heapUsedTotalMB: 300,
  };
  const rows = Object.entries(figures).map(([k, v]) => [k, String(v), k in targets ? `<= ${targets[k]} ${v <= targets[k] ? 'ok' : 'MISSED'}` : '']);
  const w = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length), ['figure', 'value', 'target'][c].length));
  const line = (r) => r.map((x, c) => x.padEnd(w[c])).join('  ');
  console.log(line(['figure', 'value', 'target']));
  console.log(w.map((n) => '-'.repeat(n)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log(JSON.stringify(figures));
}

function round(x, digits = 1) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

main();
