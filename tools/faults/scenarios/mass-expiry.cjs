// Defect 5: 10,000 instances (10 providers of 1,000) expire together while 20 consumers watch them.
// Each watcher keeps the provider's instance set from its events (a RESYNC frame makes it
// list again); at the end every set must equal what a find answers (empty). Figures: events
// and resyncs per watcher, watchers closed, watchers right, find p99 and the longest stall
// while the expiries play out, time from the last registration until the find is empty.
'use strict';
const WebSocket = require('ws');
const { startServer, sleep } = require('../lib/server.cjs');
const { call, registerLocal, clientLoad } = require('../lib/load.cjs');

const SC = '/v4/default/registry';

async function service(url, serviceName) {
  const r = await call(`${url}${SC}/microservices`, 'POST', { service: { appId: 'faults', serviceName, version: '1.0.0' } });
  if (r.status !== 200) throw new Error(`register ${serviceName}: ${r.status}`);
  return r.body.serviceId;
}

async function findOne(url, consumerId, provider) {
  const r = await call(`${url}${SC}/instances?appId=faults&serviceName=${provider}&version=0%2B`, 'GET', undefined, { 'X-ConsumerId': consumerId });
  return (r.body?.instances ?? []).map((i) => `${provider}/${i.instanceId}`);
}

/** Every provider's instances as `provider/instanceId`. */
async function find(url, consumerId, providers) {
  return new Set((await Promise.all(providers.map((p) => findOne(url, consumerId, p)))).flat());
}

/** A consumer that mirrors the provider's instances from the watch, as an SDK would. */
async function watcher(url, consumerId, providers) {
  const w = { set: await find(url, consumerId, providers), events: 0, resyncs: 0, closed: undefined, relisting: Promise.resolve() };
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${SC}/microservices/${consumerId}/watcher`);
  ws.on('message', (data) => {
    let m;
    try {
      m = JSON.parse(String(data));
    } catch {
      return;
    }
    w.events++;
    const provider = m.key?.serviceName;
    if (m.action === 'RESYNC') {
      w.resyncs++;
      w.relisting = w.relisting.then(async () => {
        for (const k of [...w.set]) if (k.startsWith(`${provider}/`)) w.set.delete(k);
        for (const k of await findOne(url, consumerId, provider)) w.set.add(k);
      });
      return;
    }
    const id = m.instance?.instanceId && `${provider}/${m.instance.instanceId}`;
    if (!id) return;
    if (m.action === 'DELETE' || m.action === 'EXPIRE') w.set.delete(id);
    else w.set.add(id);
  });
  ws.on('close', (code) => (w.closed = code));
  ws.on('error', () => {});
  await new Promise((r) => ws.once('open', r));
  w.ws = ws;
  return w;
}

async function run(build, root, { instances = 10000, providers = 10, watchers = 20, concurrency = 32, leaseS = 5 } = {}) {
  const server = await startServer(root, 'sc1');
  try {
    const local = await registerLocal(server.url);
    const names = Array.from({ length: providers }, (_, i) => `provider-${i}`);
    const ids = [];
    for (const n of names) ids.push(await service(server.url, n));
    const consumers = [];
    for (let i = 0; i < watchers; i++) {
      const id = await service(server.url, `consumer-${i}`);
      await find(server.url, id, names); // the finds make it depend on the providers
      consumers.push(id);
    }
    const t0 = Date.now();
    let next = 0;
    // Leases are short; batch heartbeats keep every instance alive until all are registered
    // and watched, then stop at once: the 10,000 expire together.
    const registered = [];
    let keeping = true;
    const keeper = (async () => {
      while (keeping) {
        for (let i = 0; i < registered.length && keeping; i += 1000) {
          await call(`${server.url}${SC}/heartbeats`, 'PUT', { instances: registered.slice(i, i + 1000) });
        }
        await sleep(1000);
      }
    })();
    const body = (i) => ({ instance: { hostName: `h${i}`, endpoints: [`rest://10.0.${i >> 8}.${i & 255}:8080`], healthCheck: { mode: 'push', interval: leaseS, times: 1 } } });
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < instances) {
          const i = next++;
          const r = await call(`${server.url}${SC}/microservices/${ids[i % providers]}/instances`, 'POST', body(i));
          if (r.status !== 200) throw new Error(`register instance: ${r.status} ${JSON.stringify(r.body)}`);
          registered.push({ serviceId: ids[i % providers], instanceId: r.body.instanceId });
        }
      }),
    );
    const registeredMs = Date.now() - t0;
    const ws = await Promise.all(consumers.map((c) => watcher(server.url, c, names)));
    const listed = ws[0].set.size;
    keeping = false;
    await keeper;
    await server.probe(true);
    const load = clientLoad(server.url, local);
    const tReg = Date.now(); // the last heartbeat: every lease ends within one lease from here
    let emptyAfterMs = NaN;
    while (Date.now() - tReg < (leaseS * 2 + 80) * 1000) {
      if ((await find(server.url, consumers[0], names)).size === 0) {
        emptyAfterMs = Date.now() - tReg;
        break;
      }
      await sleep(250);
    }
    await sleep(3000);
    const l = await load.stop();
    const p = await server.probe();
    await Promise.all(ws.map((w) => w.relisting));
    const truth = await find(server.url, consumers[0], names);
    const right = ws.filter((w) => w.set.size === truth.size && [...w.set].every((id) => truth.has(id))).length;
    for (const w of ws) w.ws.terminate();
    const avg = (f) => ws.reduce((s, w) => s + f(w), 0) / ws.length;
    return {
      build,
      figures: {
        instances,
        watchers,
        registeredMs,
        listedAtStart: listed,
        expiredAfterLastBeatMs: emptyAfterMs,
        leftAtEnd: truth.size,
        eventsPerWatcher: avg((w) => w.events),
        resyncsPerWatcher: avg((w) => w.resyncs),
        watchersClosed: ws.filter((w) => w.closed !== undefined).length,
        watchersRight: `${right}/${ws.length}`,
        findP99Ms: l.findP99,
        findMaxMs: l.findMax,
        maxStallMs: p.maxStallMs,
        rssPeakMb: p.peakRssMb,
      },
    };
  } finally {
    await server.stop();
  }
}

module.exports = { name: 'mass-expiry', run };
