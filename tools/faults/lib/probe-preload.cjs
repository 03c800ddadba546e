// Preloaded into a server under test (`node --require`): answers the driver's IPC questions
// about this process's event loop (max stall, via perf_hooks) and memory, without touching
// the server's code, so the same probe measures any build.
'use strict';
const { monitorEventLoopDelay } = require('node:perf_hooks');

if (process.send) {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 20);
  sampler.unref();
  process.on('message', (m) => {
    if (!m || m.probe !== true) return;
    const rss = process.memoryUsage.rss();
    peakRss = Math.max(peakRss, rss);
    process.send({
      probe: true,
      id: m.id,
      rssMb: rss / 1e6,
      peakRssMb: peakRss / 1e6,
      maxStallMs: h.max / 1e6,
      p99StallMs: h.percentile(99) / 1e6,
    });
    if (m.reset) {
      h.reset();
      peakRss = rss;
    }
  });
  process.channel?.unref();
}
