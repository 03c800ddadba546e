// A fake peer on loopback that can misbehave on demand: it answers the admin dump (and, when
// asked, our change stream) with whatever `peer.mode` says — a big or impostor dump, an
// oversized or endless body, a slow dribble, garbage — and counts what it was asked.
'use strict';
const http = require('node:http');

const T = { domain: 'default', project: 'default' };

/** A dump's JSON text: `services` services of `perService` instances, labelled `cluster` ('' = the peer's own). */
function dumpText({ services, perService, cluster = '', app = 'peer', prefix = 'p' }) {
  const parts = [];
  const svc = [];
  for (let s = 0; s < services; s++) {
    const serviceId = `${prefix}svc${s}`;
    svc.push(
      JSON.stringify({
        key: `/cse-sr/ms/files/${T.domain}/${T.project}/${serviceId}`,
        rev: 1,
        cluster,
        value: { serviceId, appId: app, serviceName: `${prefix}-service-${s}`, version: '1.0.0', level: 'BACK', status: 'UP', timestamp: '1700000000', framework: { name: 'fake', version: '1' } },
      }),
    );
  }
  for (let s = 0; s < services; s++) {
    const serviceId = `${prefix}svc${s}`;
    for (let i = 0; i < perService; i++) {
      const instanceId = `${prefix}i${s}-${i}`;
      parts.push(
        JSON.stringify({
          key: `/cse-sr/inst/files/${T.domain}/${T.project}/${serviceId}/${instanceId}`,
          rev: 1,
          cluster,
          value: {
            instanceId,
            serviceId,
            hostName: `host-${s}-${i}.peer.example`,
            endpoints: [`rest://10.${s % 250}.${i % 250}.${(s + i) % 250}:8080`],
            status: 'UP',
            healthCheck: { mode: 'push', interval: 30, times: 3 },
            timestamp: '1700000000',
            modTimestamp: '1700000000',
            version: '1.0.0',
            properties: { zone: 'z1', weight: '100' },
          },
        }),
      );
    }
  }
  return `{"cache":{"services":[${svc.join(',')}],"instances":[${parts.join(',')}]}}`;
}

const EMPTY = '{"cache":{}}';

/**
 * Modes: `dump` (serves `peer.dump`), `garbage`, `oversized` (`peer.bytes` of valid-looking JSON,
 * no length declared), `slow` (headers, then a byte every `peer.dribbleMs`), `hang` (never answers).
 * `peer.stream`: answer `/admin/changes` (our protocol) with `peer.events()` batches; otherwise 404.
 */
function startHostilePeer() {
  const sockets = new Set();
  const peer = {
    mode: 'dump',
    dump: EMPTY,
    bytes: 0,
    dribbleMs: 500,
    stream: false,
    epoch: 'e1',
    seq: 0,
    /** Called per change poll; returns the events to send (each gets the next seq). */
    events: () => [],
    dumps: 0,
    polls: 0,
    url: '',
    server: undefined,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        peer.server.close(() => r());
      }),
  };
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    if (u.pathname === '/v4/default/admin/changes') {
      if (!peer.stream) return json(res, 404, '{"errorCode":"404001","errorMessage":"not found"}');
      peer.polls++;
      const evs = peer.events().map((e) => ({ ...e, seq: ++peer.seq }));
      const answer = () => json(res, 200, JSON.stringify({ epoch: peer.epoch, seq: peer.seq, events: evs, cluster: 'hostile' }));
      // Nothing to send: hold the long poll a while, as a real peer would.
      const wait = Math.min(1, Number(u.searchParams.get('wait') ?? 0));
      if (evs.length === 0 && wait > 0) return void setTimeout(answer, wait * 1000);
      return answer();
    }
    if (u.pathname !== '/v4/default/admin/dump') return json(res, 404, '{"errorCode":"404001","errorMessage":"not found"}');
    peer.dumps++;
    switch (peer.mode) {
      case 'dump':
        return json(res, 200, peer.dump);
      case 'garbage':
        return json(res, 200, '{"cache":{"instances":[{"key": oops, }');
      case 'hang':
        return; // headers never come
      case 'slow': {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const t = setInterval(() => res.write(' '), peer.dribbleMs);
        res.on('close', () => clearInterval(t));
        return;
      }
      case 'oversized':
        return oversized(res, peer.bytes);
      default:
        return json(res, 500, '{"errorCode":"500001","errorMessage":"bad mode"}');
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  peer.server = server;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      peer.url = `http://127.0.0.1:${server.address().port}`;
      resolve(peer);
    }),
  );
}

function json(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** A body of `bytes` that parses as a dump if read whole, streamed without a declared length. */
function oversized(res, bytes) {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  const item = JSON.stringify({ key: '/cse-sr/inst/files/default/default/x/y', rev: 1, value: { instanceId: 'y', serviceId: 'x', hostName: 'h'.repeat(200), endpoints: ['rest://1.2.3.4:1'], status: 'UP' } });
  const chunk = Buffer.from(`${item},`.repeat(Math.ceil(65536 / (item.length + 1))));
  let sent = 0;
  res.write('{"cache":{"instances":[');
  const pump = () => {
    while (sent < bytes) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end(`${item}]}}`);
  };
  res.on('error', () => {});
  pump();
}

module.exports = { startHostilePeer, dumpText, EMPTY };
