import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG, RunningServer, ServerConfig, StartOptions, startServer } from '@service-center/server';

/** A free loopback port, for servers that must know their port before they start (peers, restarts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A real server (the public startServer) on loopback with its own temp data dir. */
export class TestServer {
  private running: RunningServer | undefined;

  private constructor(
    readonly config: ServerConfig,
    private readonly options: StartOptions,
  ) {}

  static async start(overrides: Partial<ServerConfig> = {}, options: StartOptions = {}): Promise<TestServer> {
    const port = overrides.port ?? (await freePort());
    const dataDir = overrides.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sc-client-test-'));
    const config: ServerConfig = { ...DEFAULT_CONFIG, host: '127.0.0.1', logLevel: 'silent', ...overrides, port, dataDir };
    const s = new TestServer(config, options);
    await s.up();
    return s;
  }

  get url(): string {
    return `${this.config.tlsCert ? 'https' : 'http'}://127.0.0.1:${this.config.port}`;
  }

  get port(): number {
    return this.config.port;
  }

  get server(): RunningServer {
    if (!this.running) throw new Error('server is down');
    return this.running;
  }

  get isUp(): boolean {
    return this.running !== undefined;
  }

  async up(): Promise<void> {
    if (!this.running) this.running = await startServer(this.config, this.options);
  }

  async down(): Promise<void> {
    const r = this.running;
    this.running = undefined;
    await r?.close();
  }

  /** Stop and start again on the same port; `wipe` loses every record (a fresh store). */
  async restart(opts: Readonly<{ wipe?: boolean; pauseMs?: number }> = {}): Promise<void> {
    await this.down();
    if (opts.wipe) {
      fs.rmSync(this.config.dataDir, { recursive: true, force: true });
      fs.mkdirSync(this.config.dataDir, { recursive: true });
    }
    if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
    await this.up();
  }

  async stop(): Promise<void> {
    await this.down();
    fs.rmSync(this.config.dataDir, { recursive: true, force: true });
  }
}

/** Servers of several clusters, each the peer of every other (the quick start, in process). */
export async function startFederation(
  names: readonly string[],
  overrides: Partial<ServerConfig> = {},
  options: StartOptions = {},
): Promise<TestServer[]> {
  const ports = await Promise.all(names.map(() => freePort()));
  return Promise.all(
    names.map((name, i) =>
      TestServer.start(
        {
          syncInterval: 1,
          ...overrides,
          port: ports[i],
          clusterName: name,
          clusters: names.filter((n) => n !== name).map((n) => ({ name: n, urls: [`http://127.0.0.1:${ports[names.indexOf(n)]}`] })),
        },
        { federation: { pollWaitMs: 500, tickMs: 200 }, ...options },
      ),
    ),
  );
}

export type ApiAnswer = Readonly<{ status: number; body: Record<string, unknown>; headers: Headers }>;

/** A raw HTTP call for test setup, independent of the client under test. */
export async function api(
  base: string,
  method: string,
  p: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> {
  const send = () =>
    fetch(base + p, {
      method,
      headers: { 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  // A kept-alive connection to a server that restarted fails once ("other side closed").
  const res = await send().catch(() => send());
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { text };
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export async function registerService(base: string, service: Record<string, unknown>, domain = 'default'): Promise<string> {
  const r = await api(base, 'POST', '/v4/default/registry/microservices', { service }, { 'X-Domain-Name': domain });
  if (r.status !== 200) throw new Error(`register service: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.serviceId as string;
}

export async function registerInstance(base: string, serviceId: string, instance: Record<string, unknown>, domain = 'default'): Promise<string> {
  const r = await api(base, 'POST', `/v4/default/registry/microservices/${serviceId}/instances`, { instance }, { 'X-Domain-Name': domain });
  if (r.status !== 200) throw new Error(`register instance: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.instanceId as string;
}

/** Poll until `probe` gives a value (not undefined), or fail after `ms`. */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, ms: number, what: string): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A closed loopback port: connecting to it is refused at once. */
export async function deadAddress(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}
