// Defect 1 and the peer's other misbehaviours, one server each: an answer of 200 MB, one that
// dribbles a byte at a time, garbage, an impostor labelling records with a cluster it does
// not own, and a flood of change-stream events. For each: whether the server kept serving
// (find p99, longest stall, peak RSS), what it made of the peer, and how long it took.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { startServer, sleep } = require('../lib/server.cjs');
const { startHostilePeer, dumpText } = require('../lib/hostile-peer.cjs');
const { call, registerLocal, clientLoad } = require('../lib/load.cjs');

/** Whether the build at `root` knows a flag (older builds refuse unknown ones). */
const knows = (root, flag) => fs.readFileSync(path.join(root, 'README.md'), 'utf8').includes(`\`${flag}\``);

async function peerState(url) {
  const r = await call(`${url}/v4/default/admin/sources`);
  const source = (r.body?.sources ?? []).find((s) => s.cluster === 'hostile' && s.kind === 'servicecenter');
  return source?.peer;
}

async function globalCount(url, serviceName) {
  const r = await call(`${url}/v4/default/registry/instances?appId=peer&serviceName=${serviceName}&version=0%2B&global=true`);
  return r.body?.instances?.length ?? 0;
}

/** Run one misbehaviour: `setup` arms the peer, `settled` says when the server has judged it. */
async function variant(root, variantName, { args = [], init = () => {}, setup, settled, timeoutMs = 30000, extra = async () => ({}) }) {
  const peer = await startHostilePeer();
  init(peer);
  // A good first dump: the peer's records are known, so a failure must keep them.
  peer.dump = dumpText({ services: 2, perService: 5 });
  const server = await startServer(root, 'sc1', ['--clusters', `hostile=${peer.url}`, '--sync-interval', '1', ...args]);
  try {
    const local = await registerLocal(server.url);
    for (let i = 0; i < 100 && (await globalCount(server.url, 'p-service-0')) !== 5; i++) await sleep(100);
    await server.probe(true);
    setup(peer);
    const load = clientLoad(server.url, local);
    const t0 = Date.now();
    let judgedMs = NaN;
    while (Date.now() - t0 < timeoutMs) {
      if (await settled(server.url, peer)) {
        judgedMs = Date.now() - t0;
        break;
      }
      await sleep(100);
    }
    await sleep(1000);
    const l = await load.stop();
    const p = await server.probe();
    const kept = await globalCount(server.url, 'p-service-0');
    return {
      variant: variantName,
      figures: {
        judgedAfterMs: judgedMs,
        keptOldRecords: kept === 5 ? 'yes' : `no (${kept})`,
        findP99Ms: l.findP99,
        findMaxMs: l.findMax,
        maxStallMs: p.maxStallMs,
        rssPeakMb: p.peakRssMb,
        failedCalls: l.failures,
        ...(await extra(server.url, peer)),
      },
    };
  } finally {
    await server.stop();
    await peer.close();
  }
}

const failing = async (url) => {
  const s = await peerState(url);
  return s !== undefined && s.ok === false;
};

async function run(build, root, { only = process.env.FAULTS_VARIANT } = {}) {
  const rows = [];
  const want = (name) => !only || name.startsWith(only);
  const maxBytes = knows(root, '--peer-max-bytes') ? ['--peer-max-bytes', '50M'] : [];
  if (want('oversized 200 MB'))
    rows.push(
    await variant(root, 'oversized 200 MB', {
      args: maxBytes,
      setup: (p) => Object.assign(p, { mode: 'oversized', bytes: 200e6 }),
      settled: failing,
      timeoutMs: 60000,
      extra: async (url) => ({ lastError: ((await peerState(url))?.lastError?.reason ?? '-').slice(0, 60) }),
    }),
  );
  if (want('slow (1 byte / 500 ms)'))
    rows.push(
    await variant(root, 'slow (1 byte / 500 ms)', {
      args: ['--peer-timeout', '3'],
      setup: (p) => Object.assign(p, { mode: 'slow', dribbleMs: 500 }),
      settled: failing,
      extra: async (url) => ({ lastError: ((await peerState(url))?.lastError?.reason ?? '-').slice(0, 60) }),
    }),
  );
  if (want('garbage JSON'))
    rows.push(
    await variant(root, 'garbage JSON', {
      setup: (p) => Object.assign(p, { mode: 'garbage' }),
      settled: failing,
      extra: async (url) => ({ lastError: ((await peerState(url))?.lastError?.reason ?? '-').slice(0, 60) }),
    }),
  );
  if (want('impostor (records of sc9)'))
    rows.push(
    await variant(root, 'impostor (records of sc9)', {
      setup: (p) => {
        p.dump = mergeDumps(dumpText({ services: 2, perService: 5 }), dumpText({ services: 1, perService: 3, cluster: 'sc9', prefix: 'x', app: 'peer' }));
      },
      settled: async (url, p) => p.dumps > 3,
      extra: async (url) => ({ sc9Served: await globalCount(url, 'x-service-0') }),
    }),
  );
  if (want('flood (5,000 events per poll)'))
    rows.push(
    await variant(root, 'flood (5,000 events per poll)', {
      init: (p) => Object.assign(p, { stream: true, epoch: 'flood' }),
      setup: (p) => {
        p.polls = 0;
        let n = 0;
        p.events = () =>
          Array.from({ length: 5000 }, () => {
            const i = n++ % 50000;
            return {
              action: 'UPDATE', kind: 'instance', domain: 'default', project: 'default', serviceId: 'psvc1', origin: 'hostile', rev: n,
              instanceId: `f${i}`, instance: { instanceId: `f${i}`, serviceId: 'psvc1', hostName: 'f', endpoints: ['rest://1.1.1.1:1'], status: 'UP' },
            };
          });
      },
      settled: async (url, p) => p.polls >= 20,
      timeoutMs: 60000,
      extra: async (url, p) => ({ polls: p.polls, eventsSent: p.seq }),
    }),
  );
  return rows.map((r) => ({ ...r, build }));
}

/** Two dumps' sections concatenated (the impostor adds its records to honest ones). */
function mergeDumps(a, b) {
  const A = JSON.parse(a).cache;
  const B = JSON.parse(b).cache;
  return JSON.stringify({ cache: { services: [...A.services, ...B.services], instances: [...A.instances, ...B.instances] } });
}

module.exports = { name: 'hostile-peer', run };
