// Defect 2: one peer whose dump holds 100k instances. The peer answers an empty dump first;
// then it grows to 100k at once, and the server ingests it on its next pull while a client
// keeps finding and heartbeating local records. Figures: time until the instances are served,
// find/heartbeat p99 and the longest event-loop stall meanwhile, RSS before, at peak and after.
'use strict';
const { startServer, sleep } = require('../lib/server.cjs');
const { startHostilePeer, dumpText } = require('../lib/hostile-peer.cjs');
const { call, registerLocal, clientLoad } = require('../lib/load.cjs');

async function countPeerInstances(url) {
  const r = await call(`${url}/v4/default/registry/instances?appId=peer&serviceName=p-service-0&version=0%2B&global=true`);
  return r.body?.instances?.length ?? 0;
}

async function run(build, root, { instances = 100000, perService = 100, interval = 2 } = {}) {
  const peer = await startHostilePeer();
  const server = await startServer(root, 'sc1', ['--clusters', `big=${peer.url}`, '--sync-interval', String(interval), '--peer-stream', 'false']);
  try {
    const local = await registerLocal(server.url);
    await sleep(interval * 1000 + 500);
    // The same load with nothing to ingest: what the machine gives without the fault.
    const quiet = clientLoad(server.url, local);
    await sleep(3000);
    const q = await quiet.stop();
    const before = await server.probe(true);
    peer.dump = dumpText({ services: instances / perService, perService });
    const dumpsBefore = peer.dumps;
    const load = clientLoad(server.url, local);
    const t0 = Date.now();
    let seenMs = NaN;
    while (Date.now() - t0 < 60000) {
      if ((await countPeerInstances(server.url)) === perService && peer.dumps > dumpsBefore) {
        seenMs = Date.now() - t0;
        break;
      }
      await sleep(100);
    }
    // Keep the load on through the next periodic pull: the same 100k again.
    await sleep(interval * 1000 + 1000);
    const l = await load.stop();
    const during = await server.probe(true);
    await sleep(interval * 1000 + 1500);
    const steady = await server.probe();
    return {
      build,
      figures: {
        instances,
        dumpMb: Buffer.byteLength(peer.dump) / 1e6,
        servedAfterMs: seenMs,
        quietFindP99Ms: q.findP99,
        quietMaxStallMs: before.maxStallMs,
        findP99Ms: l.findP99,
        findMaxMs: l.findMax,
        beatP99Ms: l.beatP99,
        beatMaxMs: l.beatMax,
        maxStallMs: during.maxStallMs,
        rssBeforeMb: before.rssMb,
        rssPeakMb: during.peakRssMb,
        rssSteadyMb: steady.rssMb,
        peakOverSteady: during.peakRssMb / steady.rssMb,
        failedCalls: l.failures,
      },
    };
  } finally {
    await server.stop();
    await peer.close();
  }
}

module.exports = { name: 'big-peer', run };
