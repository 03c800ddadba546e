import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChangeEvent, DumpCache } from '@service-center/core';

/**
 * A stand-in peer server: serves a dump it is given and, unless `stream` is false (a
 * Service-Center peer), a change stream of the events pushed to it. The network to it can
 * be slowed (`delayMs` before every answer), cut silently (`silent`: requests get nothing,
 * the connection stays open) or stall mid-answer (`stallBody`: headers, then no body).
 */
export class FakePeer {
  dump: DumpCache = {};
  stream = true;
  failing = false;
  delayMs = 0;
  silent = false;
  stallBody = false;
  readonly epoch = 'epoch-1';
  private events: ChangeEvent[] = [];
  private waiters: (() => void)[] = [];
  private server!: http.Server;
  url = '';
  dumpCalls = 0;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  push(e: Omit<ChangeEvent, 'seq'>): void {
    this.events.push({ ...e, seq: this.events.length + 1 } as ChangeEvent);
    for (const w of this.waiters.splice(0)) w();
  }

  async stop(): Promise<void> {
    for (const w of this.waiters.splice(0)) w();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    if (this.silent) return;
    const send = (status: number, body: unknown) => {
      const answer = () => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        if (this.stallBody) res.write('{');
        else res.end(JSON.stringify(body));
      };
      if (this.delayMs > 0) setTimeout(answer, this.delayMs);
      else answer();
    };
    if (this.failing) return send(500, { errorCode: '500011', errorMessage: 'Registry service is unavailable' });
    if (url.pathname === '/v4/default/admin/dump') {
      this.dumpCalls++;
      return send(200, { cache: this.dump });
    }
    if (url.pathname === '/v4/default/admin/changes' && this.stream) {
      const since = Number(url.searchParams.get('since') ?? 0);
      const wait = Number(url.searchParams.get('wait') ?? 0) * 1000;
      if (url.searchParams.get('epoch') !== this.epoch) return send(200, { epoch: this.epoch, seq: this.events.length, events: [], reset: true });
      if (since >= this.events.length && wait > 0) {
        await new Promise<void>((r) => {
          const t = setTimeout(r, wait);
          this.waiters.push(() => {
            clearTimeout(t);
            r();
          });
        });
      }
      const events = this.events.slice(since);
      return send(200, { epoch: this.epoch, seq: this.events.length, events });
    }
    return send(404, { errorCode: '404001', errorMessage: 'Not Found' });
  }
}
