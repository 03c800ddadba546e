// Defect 6: 2,000 idle connections and 500 slowloris ones (a header byte every second) against
// one server, while a client finds and heartbeats. Figures: how many of each the server still
// holds after 15 s (its header timeout is 10 s by default; Node's own was 60 s), find p99 and
// the longest stall meanwhile, RSS, and how long until a fresh connection is answered again.
'use strict';
const net = require('node:net');
const { startServer, sleep } = require('../lib/server.cjs');
const { call, registerLocal, clientLoad } = require('../lib/load.cjs');

function open(port, count, behave) {
  const sockets = [];
  for (let i = 0; i < count; i++) {
    const s = net.connect(port, '127.0.0.1');
    s.on('error', () => {});
    s.on('close', () => (s.gone = true));
    s.on('data', () => {});
    behave(s);
    sockets.push(s);
  }
  return sockets;
}

async function run(build, root, { idle = 2000, slowloris = 500, holdS = 15 } = {}) {
  const server = await startServer(root, 'sc1');
  const timers = [];
  try {
    const local = await registerLocal(server.url);
    await server.probe(true);
    const load = clientLoad(server.url, local);
    const idles = open(server.port, idle, () => {});
    const slow = open(server.port, slowloris, (s) => {
      s.on('connect', () => {
        s.write('GET /v4/default/registry/instances HTTP/1.1\r\nHost: x\r\n');
        const t = setInterval(() => !s.gone && s.write(`X-${Math.random().toString(36).slice(2, 6)}: 1\r\n`), 1000);
        timers.push(t);
      });
    });
    await sleep(holdS * 1000);
    const l = await load.stop();
    const p = await server.probe();
    const t0 = Date.now();
    const fresh = await call(`${server.url}/version`);
    const freshMs = Date.now() - t0;
    return {
      build,
      figures: {
        idleOpened: idle,
        idleHeldAfter15s: idles.filter((s) => !s.gone).length,
        slowlorisOpened: slowloris,
        slowlorisHeldAfter15s: slow.filter((s) => !s.gone).length,
        findP99Ms: l.findP99,
        findMaxMs: l.findMax,
        failedCalls: l.failures,
        maxStallMs: p.maxStallMs,
        rssPeakMb: p.peakRssMb,
        freshCallMs: fresh.status === 200 ? freshMs : `failed (${fresh.status})`,
      },
    };
  } finally {
    for (const t of timers) clearInterval(t);
    await server.stop();
  }
}

module.exports = { name: 'connections', run };
