import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startTestServer } from '../../__tests__/test-server';
import { TestServer, call } from '../../__tests__/services-client';

// The fast scenarios of tools/faults: a peer that misbehaves after a good first dump. Each
// must end as a failed sync that keeps the peer's last records; a big dump must be served
// whole without holding up the event loop. Figures are printed; only generous bounds are asserted.

type Mode = 'dump' | 'garbage' | 'slow' | 'oversized';

function dumpText(services: number, perService: number): string {
  const items: string[] = [];
  const svc: string[] = [];
  for (let s = 0; s < services; s++) {
    svc.push(JSON.stringify({ key: `/cse-sr/ms/files/default/default/ps${s}`, rev: 1, value: { appId: 'peer', serviceName: `p${s}`, version: '1.0.0' } }));
    for (let i = 0; i < perService; i++) {
      const value = { hostName: `h${s}-${i}`, endpoints: [`rest://10.1.${s % 250}.${i % 250}:80`], status: 'UP', properties: { zone: 'z1' } };
      items.push(JSON.stringify({ key: `/cse-sr/inst/files/default/default/ps${s}/i${s}-${i}`, rev: 1, value }));
    }
  }
  return `{"cache":{"services":[${svc.join(',')}],"instances":[${items.join(',')}]}}`;
}

class HostilePeer {
  mode: Mode = 'dump';
  dump = dumpText(2, 5);
  dumps = 0;
  url = '';
  private readonly server = http.createServer((req, res) => this.answer(req, res));

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.url !== '/v4/default/admin/dump') {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"errorCode":"404001","errorMessage":"Not Found"}');
      return;
    }
    this.dumps++;
    if (this.mode === 'dump') res.writeHead(200, { 'Content-Type': 'application/json' }).end(this.dump);
    else if (this.mode === 'garbage') res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"cache":{"instances":[{"key": oops');
    else if (this.mode === 'slow') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const t = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(t));
    } else {
      // Far more than the limit, never declared: it must be cut off mid-stream.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (res.write(chunk));
        res.once('drain', pump);
      };
      res.on('error', () => undefined);
      pump();
    }
  }
}

type SourceItem = { cluster: string; kind: string; instances?: number; peer?: { ok: boolean; lastError?: { reason: string } } };

async function peerSource(server: TestServer): Promise<SourceItem | undefined> {
  const r = await call(server, 'GET', '/v4/default/admin/sources');
  return (r.json as { sources: SourceItem[] }).sources.find((s) => s.cluster === 'hostile' && s.kind === 'servicecenter');
}

async function served(server: TestServer, serviceName: string): Promise<number> {
  const r = await call(server, 'GET', `/v4/default/registry/instances?appId=peer&serviceName=${serviceName}&version=0%2B&global=true`);
  return (r.json as { instances?: unknown[] } | undefined)?.instances?.length ?? 0;
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a hostile peer', () => {
  let peer: HostilePeer;
  let server: TestServer;

  beforeEach(async () => {
    peer = new HostilePeer();
    await peer.start();
    server = await startTestServer(
      { clusters: [{ name: 'hostile', urls: [peer.url] }], peerStream: false, syncInterval: 0.2, peerTimeout: 1, peerMaxBytes: 8_000_000 },
      { federation: { tickMs: 100 } },
    );
    expect(await until(() => served(server, 'p0'), (n) => n === 5, 10_000)).toBe(5);
  });

  afterEach(async () => {
    await server.stop();
    await peer.stop();
  });

  test.each([
    ['garbage', /not JSON/],
    ['slow', /did not arrive within 1000 ms/],
    ['oversized', /larger than --peer-max-bytes \(8000000 bytes\)/],
  ] as const)('%s: a failed sync naming the cause, and the last records still served', async (mode, reason) => {
    peer.mode = mode;
    const s = await until(() => peerSource(server), (x) => x?.peer?.ok === false, 10_000);
    expect(s?.peer?.ok).toBe(false);
    expect(s?.peer?.lastError?.reason).toMatch(reason);
    expect(await served(server, 'p0')).toBe(5);
    expect((await call(server, 'GET', '/version')).status).toBe(200);
  });

  test('a big dump is served whole while the event loop keeps turning', async () => {
    const before = peer.dumps;
    peer.dump = dumpText(100, 300);
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    const s = await until(() => peerSource(server), (x) => x?.instances === 30_000 && peer.dumps > before, 60_000);
    h.disable();
    const maxStallMs = h.max / 1e6;
    console.log(`big dump (30,000 instances, ${(peer.dump.length / 1e6).toFixed(1)} MB): longest event-loop stall ${maxStallMs.toFixed(0)} ms`);
    expect(s?.instances).toBe(30_000);
    expect(await served(server, 'p99')).toBe(300);
    expect(maxStallMs).toBeLessThan(2_000);
  }, 90_000);
});
