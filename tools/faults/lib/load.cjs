// What a well-behaved client does while a fault plays out: finds of a local service and
// heartbeats of a local instance, each timed; the figures are percentiles over a window.
'use strict';
const http = require('node:http');

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

/** One HTTP call, resolved with {status, body, ms}; never rejects (a failure has status 0). */
function call(url, method = 'GET', body, headers = {}) {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const u = new URL(url);
    const req = http.request(
      { hostname: u.hostname, port: u.port, path: u.pathname + u.search, method, agent, headers: { 'Content-Type': 'application/json', ...headers } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, body: json, ms: Number(process.hrtime.bigint() - started) / 1e6 });
        });
        res.on('error', () => resolve({ status: 0, body: undefined, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
      },
    );
    req.setTimeout(30000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: undefined, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function registerLocal(url, serviceName = 'probe') {
  const s = await call(`${url}/v4/default/registry/microservices`, 'POST', { service: { appId: 'faults', serviceName, version: '1.0.0' } });
  if (s.status !== 200) throw new Error(`register service: ${s.status} ${JSON.stringify(s.body)}`);
  const serviceId = s.body.serviceId;
  const i = await call(`${url}/v4/default/registry/microservices/${serviceId}/instances`, 'POST', {
    instance: { hostName: 'probe', endpoints: ['rest://127.0.0.1:1'], healthCheck: { mode: 'push', interval: 30, times: 3 } },
  });
  if (i.status !== 200) throw new Error(`register instance: ${i.status} ${JSON.stringify(i.body)}`);
  return { serviceId, instanceId: i.body.instanceId, serviceName };
}

function pct(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Finds and heartbeats sent on a fixed schedule (each `everyMs`), whether or not the last one
 * was answered, as a population of clients would: a stalled server shows in every request it
 * holds up, not only in the one a closed loop would have waiting.
 */
function clientLoad(url, local, everyMs = 10) {
  const finds = [];
  const beats = [];
  const pending = new Set();
  let failures = 0;
  const findUrl = `${url}/v4/default/registry/instances?appId=faults&serviceName=${local.serviceName}&version=0%2B`;
  const beatUrl = `${url}/v4/default/registry/microservices/${local.serviceId}/instances/${local.instanceId}/heartbeat`;
  const send = (sink, once) => {
    const p = once().then((r) => {
      if (r.status !== 200) failures++;
      sink.push(r.ms);
      pending.delete(p);
    });
    pending.add(p);
  };
  const timer = setInterval(() => {
    send(finds, () => call(findUrl));
    send(beats, () => call(beatUrl, 'PUT'));
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      return { finds, beats, failures, findP99: pct(finds, 99), findMax: Math.max(...finds), beatP99: pct(beats, 99), beatMax: Math.max(...beats) };
    },
  };
}

module.exports = { call, registerLocal, clientLoad, pct, agent };
