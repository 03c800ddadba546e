// The connection layer against abusive clients, with a real server and raw sockets.
import * as net from 'node:net';
import WebSocket from 'ws';
import { startTestServer } from '../__tests__/test-server';
import { createService, uniqueName } from '../__tests__/instances-helpers';

type Server = Awaited<ReturnType<typeof startTestServer>>;

/** A raw TCP client: what it sent, everything it received, and when the server closed it. */
function rawClient(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => (received += d));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, connected, closed, received: () => received };
}

/** The status line's code and the JSON body of one raw HTTP answer. */
type ErrorJson = { errorCode?: string; errorMessage?: string; detail?: string };

function parseAnswer(text: string): { status: number; body: ErrorJson } {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
  const body = text.slice(text.indexOf('\r\n\r\n') + 4);
  // Error answers here are written whole, with a Content-Length; other bodies are not read.
  return { status, body: status >= 400 ? (JSON.parse(body) as ErrorJson) : {} };
}

const portOf = (s: Server) => Number(new URL(s.url).port);

describe('connection limits', () => {
  let server: Server;
  /** A second server whose only limit is the connection cap, so other tests' sockets do not count. */
  let capped: Server;
  const clients: ReturnType<typeof rawClient>[] = [];
  beforeAll(async () => {
    server = await startTestServer({ headerTimeout: 1, keepAliveTimeout: 1, maxWebsocketsPerAddress: 2 });
    capped = await startTestServer({ maxConnections: 3 });
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.socket.destroy();
  });
  afterAll(async () => {
    await server.stop();
    await capped.stop();
  });

  const open = async (to: Server = server) => {
    const c = rawClient(portOf(to));
    clients.push(c);
    await c.connected;
    return c;
  };

  test('one connection over --max-connections is answered 503 with an SC body and closed; a freed slot is usable', async () => {
    const held = [await open(capped), await open(capped), await open(capped)];
    const over = await open(capped);
    over.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await over.closed;
    const { status, body } = parseAnswer(over.received());
    expect(status).toBe(503);
    expect(body.errorCode).toBe('503001');
    expect(body.detail).toMatch(/--max-connections/);
    held[0].socket.destroy();
    await held[0].closed;
    const next = await open(capped);
    next.socket.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await next.closed;
    expect(parseAnswer(next.received()).status).toBe(200);
  });

  test('slowloris: headers not finished within --header-timeout get 408 with an SC body, and the socket closes', async () => {
    const c = await open();
    const start = Date.now();
    c.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n');
    const closedAt = await c.closed;
    // 1 s timeout, checked every second: closed well before Node's default 60 s.
    expect(closedAt - start).toBeLessThan(5_000);
    const { status, body } = parseAnswer(c.received());
    expect(status).toBe(408);
    expect(body.errorCode).toBe('408001');
  });

  test('an idle connection that never sends is closed by the header timeout', async () => {
    const c = await open();
    const start = Date.now();
    const closedAt = await c.closed;
    expect(closedAt - start).toBeLessThan(5_000);
  });

  test('an idle keep-alive connection is closed after --keep-alive-timeout', async () => {
    const c = await open();
    const answered = new Promise<number>((resolve) => c.socket.once('data', () => resolve(Date.now())));
    c.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    const [answeredAt, closedAt] = await Promise.all([answered, c.closed]);
    expect(parseAnswer(c.received()).status).toBe(200);
    // Kept open for the 1 s idle timeout (not closed with the answer), then closed.
    expect(closedAt - answeredAt).toBeGreaterThanOrEqual(500);
    expect(closedAt - answeredAt).toBeLessThan(5_000);
  });

  test('requests the HTTP parser rejects get SC error bodies: a raw non-ASCII request line (400), headers over 16 KB (431)', async () => {
    const bad = await open();
    bad.socket.write(Buffer.concat([Buffer.from('GET /v4/default/registry/microservices/'), Buffer.from([0xc3, 0xa9, 0x01]), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]));
    await bad.closed;
    const a = parseAnswer(bad.received());
    expect(a.status).toBe(400);
    expect(a.body.errorCode).toBe('400001');
    const big = await open();
    big.socket.write(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    await big.closed;
    const b = parseAnswer(big.received());
    expect(b.status).toBe(431);
    expect(b.body.errorCode).toBe('431001');
  });

  test('websockets over --max-websockets-per-address are refused 429 with an SC body; closing one frees a slot', async () => {
    const consumer = await createService(server.url, { serviceName: uniqueName('guard') });
    const wsUrl = `${server.url.replace(/^http/, 'ws')}/v4/default/registry/microservices/${consumer}/watcher`;
    const openWs = () =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(wsUrl);
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      });
    const refusal = () =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const ws = new WebSocket(wsUrl);
        ws.once('open', () => reject(new Error('the third websocket was admitted')));
        ws.once('unexpected-response', (_req, res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        ws.once('error', () => undefined);
      });
    const first = await openWs();
    const second = await openWs();
    const refused = await refusal();
    expect(refused.status).toBe(429);
    expect((JSON.parse(refused.body) as { errorCode: string }).errorCode).toBe('429001');
    first.close();
    await new Promise((resolve) => first.once('close', resolve));
    const third = await openWs();
    second.terminate();
    third.terminate();
  });

  test('/metrics counts the refusals by reason', async () => {
    const scrape = async (from: Server) => (await fetch(`${from.url}/metrics`)).text();
    expect(await scrape(capped)).toMatch(/service_center_connections_refused_total\{reason="max-connections"\} [1-9]/);
    const text = await scrape(server);
    for (const reason of ['timeout', 'bad-request', 'headers-too-large', 'websockets-per-address']) {
      expect(text).toMatch(new RegExp(`service_center_connections_refused_total\\{reason="${reason}"\\} [1-9]`));
    }
    expect(text).toMatch(/service_center_open_connections \d+/);
  });
});
