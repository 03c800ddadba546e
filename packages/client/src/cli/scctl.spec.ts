import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SERVER_VERSION } from '@service-center/server';
import { FetchLike, defaultFetch } from '../transport/fetch-transport';
import { TestServer, api, deadAddress, eventually, registerInstance, registerService, startFederation } from '../__tests__/servers';
import { runScctl } from './scctl';

jest.setTimeout(30_000);

const DAY = 86_400_000;

type Run = { code: number; out: string; err: string };

/** Run scctl with injected output and a clock three days after the data was registered. */
async function scctl(args: string[], o: { now?: number; fetch?: FetchLike } = {}): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runScctl(args, {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    now: () => o.now ?? Date.now() + 3 * DAY,
    fetch: o.fetch,
    env: {},
  });
  return { code, out, err };
}

const lines = (...l: string[]) => l.join('\n') + '\n';

/** The last result of `probe` once `done` holds, or when time runs out (for the caller to compare). */
async function settled<T>(probe: () => Promise<T>, done: (t: T) => boolean, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const t = await probe();
    if (done(t) || Date.now() > until) return t;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Fixed data in two clusters (domain `acme`, plus `other`):
 *   sc1: shop/orders 1.0.0 (framework java-chassis, instance orders-a with two endpoints, schema api),
 *        shop/orders 1.1.0 (instance orders-b), acme/ops: ops/audit 0.1.0, shop/pay 1.0.0 as pay-sc1
 *   sc2: shop/billing 2.0.0 production (instance billing-a, lease 40 s, schema billing-api),
 *        shop/pay 1.0.0 as pay-sc2 (registered a second earlier: the service-id conflict's winner),
 *        other: sales/crm 3.0.0 (instance crm-a)
 */
describe('scctl against two clusters with fixed data', () => {
  let sc1: TestServer;
  let sc2: TestServer;
  const at = (s: TestServer) => ['--addr', s.url];

  beforeAll(async () => {
    [sc1, sc2] = await startFederation(['sc1', 'sc2']);
    await registerService(sc2.url, { serviceId: 'pay-sc2', appId: 'shop', serviceName: 'pay', version: '1.0.0' }, 'acme');
    await new Promise((r) => setTimeout(r, 1050 - (Date.now() % 1000))); // pay-sc1 created in a later second
    await registerService(sc1.url, { serviceId: 'pay-sc1', appId: 'shop', serviceName: 'pay', version: '1.0.0' }, 'acme');

    const orders1 = await registerService(sc1.url, { appId: 'shop', serviceName: 'orders', version: '1.0.0', framework: { name: 'java-chassis', version: '2.8' } }, 'acme');
    const orders2 = await registerService(sc1.url, { appId: 'shop', serviceName: 'orders', version: '1.1.0' }, 'acme');
    await registerInstance(sc1.url, orders1, { hostName: 'orders-a', endpoints: ['rest://10.0.0.1:8080', 'highway://10.0.0.1:7070'] }, 'acme');
    await registerInstance(sc1.url, orders2, { hostName: 'orders-b', endpoints: ['rest://10.0.0.2:8080'] }, 'acme');
    const put = await api(sc1.url, 'PUT', `/v4/default/registry/microservices/${orders1}/schemas/api`, { schema: 'openapi: 3.0.0\ninfo: orders\n', summary: 's1' }, { 'X-Domain-Name': 'acme' });
    expect(put.status).toBe(200);
    const audit = await api(sc1.url, 'POST', '/v4/ops/registry/microservices', { service: { appId: 'ops', serviceName: 'audit', version: '0.1.0' } }, { 'X-Domain-Name': 'acme' });
    expect(audit.status).toBe(200);

    const billing = await registerService(sc2.url, { appId: 'shop', serviceName: 'billing', version: '2.0.0', environment: 'production' }, 'acme');
    await registerInstance(sc2.url, billing, { hostName: 'billing-a', endpoints: ['rest://10.1.0.1:9090'], healthCheck: { mode: 'push', interval: 10, times: 3 } }, 'acme');
    const put2 = await api(sc2.url, 'PUT', `/v4/default/registry/microservices/${billing}/schemas/billing-api`, { schema: "swagger: '2.0'\n" }, { 'X-Domain-Name': 'acme' });
    expect(put2.status).toBe(200);
    const crm = await registerService(sc2.url, { appId: 'sales', serviceName: 'crm', version: '3.0.0' }, 'other');
    await registerInstance(sc2.url, crm, { hostName: 'crm-a', endpoints: ['rest://10.2.0.1:80'] }, 'other');

    // sc1 has everything of sc2 (dump and conflicts) before the commands run
    await eventually(async () => {
      const dump = await api(sc1.url, 'GET', '/v4/default/admin/dump');
      const insts = ((dump.body.cache as { instances?: unknown[] }).instances ?? []).length;
      const conflicts = await api(sc1.url, 'GET', '/v4/default/admin/conflicts');
      return insts >= 5 && (conflicts.body.conflicts as unknown[] | undefined)?.length === 1 ? true : undefined;
    }, 15_000, 'sc1 synced with sc2');
  });
  afterAll(async () => {
    await Promise.all([sc1.stop(), sc2.stop()]);
  });

  test('get cluster: CLUSTER | ENDPOINTS, both clusters, sorted', async () => {
    expect(await scctl([...at(sc2), 'get', 'cluster'])).toEqual({
      code: 0,
      err: '',
      out: lines(
        '  CLUSTER |       ENDPOINTS         ',
        '+---------+------------------------+',
        `  sc1     | ${sc1.url}  `,
        `  sc2     | ${sc2.url}  `,
      ),
    });
  });

  test('get svc -d acme: the services of both clusters, every version of a name on one row', async () => {
    expect(await scctl([...at(sc1), 'get', 'svc', '-d', 'acme'])).toEqual({
      code: 0,
      err: '',
      out: lines(
        '   NAME   | APPID | VERSIONS |    ENV     |  FRAMEWORK   | AGE  ',
        '+---------+-------+----------+------------+--------------+-----+',
        '  audit   | ops   | 0.1.0    |            |              | 3d   ',
        '  billing | shop  | 2.0.0    | production |              | 3d   ',
        '  orders  | shop  | 1.0.0    |            | java-chassis | 3d   ',
        '          |       | 1.1.0    |            |              |      ',
        '  pay     | shop  | 1.0.0    |            |              | 3d   ',
      ),
    });
  });

  test('get service --all-domains: DOMAIN first (SC itself included)', async () => {
    const r = await scctl([...at(sc1), 'get', 'service', '--all-domains']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      lines(
        '  DOMAIN  |     NAME      |  APPID  | VERSIONS |    ENV     |  FRAMEWORK   | AGE  ',
        '+---------+---------------+---------+----------+------------+--------------+-----+',
        '  acme    | audit         | ops     | 0.1.0    |            |              | 3d   ',
        '  acme    | billing       | shop    | 2.0.0    | production |              | 3d   ',
        '  acme    | orders        | shop    | 1.0.0    |            | java-chassis | 3d   ',
        '          |               |         | 1.1.0    |            |              |      ',
        '  acme    | pay           | shop    | 1.0.0    |            |              | 3d   ',
        `  default | SERVICECENTER | default | ${SERVER_VERSION.padEnd(8)} |            |              | 3d   `,
        '  other   | crm           | sales   | 3.0.0    |            |              | 3d   ',
      ),
    );
  });

  test('get svc -o wide -d acme: DOMAIN and the union of the instances\' ENDPOINTS', async () => {
    expect((await scctl([...at(sc1), 'get', 'svc', '-o', 'wide', '-d', 'acme'])).out).toBe(
      lines(
        '  DOMAIN |  NAME   | APPID | VERSIONS |    ENV     |  FRAMEWORK   |        ENDPOINTS        | AGE  ',
        '+--------+---------+-------+----------+------------+--------------+-------------------------+-----+',
        '  acme   | audit   | ops   | 0.1.0    |            |              |                         | 3d   ',
        '  acme   | billing | shop  | 2.0.0    | production |              | rest://10.1.0.1:9090    | 3d   ',
        '  acme   | orders  | shop  | 1.0.0    |            | java-chassis | highway://10.0.0.1:7070 | 3d   ',
        '         |         |       | 1.1.0    |            |              | rest://10.0.0.1:8080    |      ',
        '         |         |       |          |            |              | rest://10.0.0.2:8080    |      ',
        '  acme   | pay     | shop  | 1.0.0    |            |              |                         | 3d   ',
      ),
    );
  });

  test('get svc -d other, and a domain with nothing: header only', async () => {
    expect((await scctl([...at(sc1), 'get', 'svc', '-d', 'other'])).out).toBe(
      lines('  NAME | APPID | VERSIONS | ENV | FRAMEWORK | AGE  ', '+------+-------+----------+-----+-----------+-----+', '  crm  | sales | 3.0.0    |     |           | 3d   '),
    );
    expect((await scctl([...at(sc1), 'get', 'svc', '-d', 'nobody'])).out).toBe(
      lines('  NAME | APPID | VERSIONS | ENV | FRAMEWORK | AGE  ', '+------+-------+----------+-----+-----------+-----+'),
    );
  });

  test('get inst -d acme: instances joined to their service; LEASE = interval x (times + 1)', async () => {
    expect(await scctl([...at(sc1), 'get', 'inst', '-d', 'acme'])).toEqual({
      code: 0,
      err: '',
      out: lines(
        '    HOST    |        ENDPOINTS        | VERSION | SERVICE | APPID | LEASE | AGE  ',
        '+-----------+-------------------------+---------+---------+-------+-------+-----+',
        '  billing-a | rest://10.1.0.1:9090    | 2.0.0   | billing | shop  | 40s   | 3d   ',
        '  orders-a  | rest://10.0.0.1:8080    | 1.0.0   | orders  | shop  | 2m    | 3d   ',
        '            | highway://10.0.0.1:7070 |         |         |       |       |      ',
        '  orders-b  | rest://10.0.0.2:8080    | 1.1.0   | orders  | shop  | 2m    | 3d   ',
      ),
    });
  });

  test('get instance -o wide -d acme: DOMAIN, ENV and FRAMEWORK too', async () => {
    expect((await scctl([...at(sc1), 'get', 'instance', '-o', 'wide', '-d', 'acme'])).out).toBe(
      lines(
        '  DOMAIN |   HOST    |        ENDPOINTS        | VERSION | SERVICE | APPID |    ENV     |  FRAMEWORK   | LEASE | AGE  ',
        '+--------+-----------+-------------------------+---------+---------+-------+------------+--------------+-------+-----+',
        '  acme   | billing-a | rest://10.1.0.1:9090    | 2.0.0   | billing | shop  | production |              | 40s   | 3d   ',
        '  acme   | orders-a  | rest://10.0.0.1:8080    | 1.0.0   | orders  | shop  |            | java-chassis | 2m    | 3d   ',
        '         |           | highway://10.0.0.1:7070 |         |         |       |            |              |       |      ',
        '  acme   | orders-b  | rest://10.0.0.2:8080    | 1.1.0   | orders  | shop  |            |              | 2m    | 3d   ',
      ),
    );
  });

  test('get inst --all-domains -o json: the records as JSON', async () => {
    const r = await scctl([...at(sc1), 'get', 'inst', '--all-domains', '-o', 'json']);
    expect(r.code).toBe(0);
    const records = JSON.parse(r.out) as { host: string; domain: string; leaseSeconds: number; clusters: string[] }[];
    const crm = records.find((x) => x.host === 'crm-a');
    expect(crm).toMatchObject({ domain: 'other', serviceName: 'crm', appId: 'sales', version: '3.0.0', leaseSeconds: 120, clusters: ['sc2'] });
    expect(records.map((x) => x.host)).toEqual(expect.arrayContaining(['billing-a', 'orders-a', 'orders-b', 'crm-a']));
  });

  test('get schema: the schema contents, raw; --save-dir writes them as files', async () => {
    expect(await scctl([...at(sc1), 'get', 'schema', '-d', 'acme'])).toEqual({ code: 0, err: '', out: "openapi: 3.0.0\ninfo: orders\nswagger: '2.0'\n" });
    expect((await scctl([...at(sc1), 'get', 'schema', '-d', 'acme', '--name', 'orders', '--version', '1.0.0'])).out).toBe('openapi: 3.0.0\ninfo: orders\n');
    expect((await scctl([...at(sc1), 'get', 'schema', '-d', 'acme', '--app', 'nope'])).out).toBe('');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scctl-schemas-'));
    try {
      const r = await scctl([...at(sc1), 'get', 'schema', '-d', 'acme', '-s', dir], { now: 1_000_000 });
      expect(r).toEqual({ code: 0, err: '', out: ` 2 / 2 [${'='.repeat(60)}] 100.00% 0s\nFinished.\n` });
      expect(fs.readFileSync(path.join(dir, 'schemas/acme/shop/orders.v1.0.0/api.yaml'), 'utf8')).toBe('openapi: 3.0.0\ninfo: orders\n');
      expect(fs.readFileSync(path.join(dir, 'schemas/acme/production/shop/billing.v2.0.0/billing-api.yaml'), 'utf8')).toBe("swagger: '2.0'\n");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('get conflicts -d acme: the service-id conflict and its winner (the older record)', async () => {
    expect(await scctl([...at(sc1), 'get', 'conflicts', '-d', 'acme'])).toEqual({
      code: 0,
      err: '',
      out: lines(
        '     KIND    |    SERVICE     | CLUSTERS | WINNER |                 REASON                  ',
        '+------------+----------------+----------+--------+----------------------------------------+',
        '  service-id | shop/pay/1.0.0 | sc1      | sc2    | same key, different serviceIds (sc2...  ',
        '             |                | sc2      |        |                                         ',
      ),
    });
    expect((await scctl([...at(sc1), 'get', 'conflicts'])).out).toBe(
      lines('  KIND | SERVICE | CLUSTERS | WINNER | REASON  ', '+------+---------+----------+--------+--------+'),
    );
    const json = JSON.parse((await scctl([...at(sc1), 'get', 'conflicts', '--all-domains', '-o', 'json'])).out) as unknown[];
    expect(json).toEqual([
      expect.objectContaining({
        kind: 'service-id',
        domain: 'acme',
        service: 'shop/pay/1.0.0',
        clusters: ['sc1', 'sc2'],
        winner: 'sc2',
        detail: ['pay-sc1', 'pay-sc2 (winner)'],
      }),
    ]);
  });

  test('get sources: each source of the merged view with its health', async () => {
    // A peer's counts are what it delivers: its own records plus those of its view that it
    // relays (sc1's own, echoes the merge drops by origin): 3 + 3 services, 2 + 2 instances.
    const expected = lines(
      '       SOURCE       | STATUS | SERVICES | INSTANCES | CONFIRMED  ',
      '+-------------------+--------+----------+-----------+-----------+',
      '  sc1/local         | fresh  |        4 |         2 | 3d         ',
      '  sc2/servicecenter | fresh  |        6 |         4 | 3d         ',
    );
    const r = await settled(() => scctl([...at(sc1), 'get', 'sources']), (x) => x.out === expected);
    expect(r).toEqual({ code: 0, err: '', out: expected });
    const wide = await scctl([...at(sc1), 'get', 'sources', '-o', 'wide']);
    expect(wide.out).toBe(
      lines(
        '       SOURCE       |     KIND      | STATUS | QUARANTINE | SERVICES | INSTANCES | CONFIRMED |          PEER          |  MODE  | LOGIN | EXPORT | IMPORT | LAG | ERRORS | LAST ERROR  ',
        '+-------------------+---------------+--------+------------+----------+-----------+-----------+------------------------+--------+-------+--------+--------+-----+--------+------------+',
        '  sc1/local         | local         | fresh  |            |        4 |         2 | 3d        |                        |        |       |        |        |     |        |             ',
        `  sc2/servicecenter | servicecenter | fresh  |            |        6 |         4 | 3d        | ${sc2.url} | stream |       | all    | all    | 0s  |      0 |             `,
      ),
    );
  });

  test('version: scctl, then the server', async () => {
    const runtime = `node${process.versions.node}`;
    const block = (v: string) => `Version: ${v}\nBuild tag: service-center-ts/${v}\nRuntime: ${runtime}\nOS/Arch: ${os.platform()}/${os.arch()}\n`;
    expect(await scctl([...at(sc1), 'version'])).toEqual({ code: 0, err: '', out: `scctl ${block('0.1.0')}\nservice center ${block(SERVER_VERSION)}` });
  });

  test('several --addr: the first is down, the next answers; -v traces each request', async () => {
    const dead = await deadAddress();
    const r = await scctl(['--addr', dead, '--addr', sc1.url, '-v', 'get', 'cluster', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      { cluster: 'sc1', endpoints: [sc1.url] },
      { cluster: 'sc2', endpoints: [sc2.url] },
    ]);
    expect(r.err).toMatch(new RegExp(`^> GET ${dead}/v4/default/admin/clusters -> connect ECONNREFUSED .*\\n> GET ${sc1.url}/v4/default/admin/clusters -> 200 \\(\\d+ ms\\)\\n$`));
    const comma = await scctl(['--addr', `${dead},${sc1.url}`, 'get', 'cluster', '-o', 'json']);
    expect(comma.code).toBe(0);
  });

  test('--token is sent with every request', async () => {
    const seen: Record<string, string>[] = [];
    const spy: FetchLike = (url, init) => {
      seen.push(init.headers);
      return defaultFetch(url, init);
    };
    expect((await scctl([...at(sc1), '--token', 's3cret', 'get', 'cluster'], { fetch: spy })).code).toBe(0);
    expect(seen[0]).toMatchObject({ 'X-Auth-Token': 's3cret', Authorization: 'Bearer s3cret', 'X-Domain-Name': 'default' });
  });
});

describe('scctl health and errors', () => {
  let sc: TestServer;
  beforeAll(async () => {
    sc = await TestServer.start();
  });
  afterAll(async () => {
    await sc.stop();
  });

  test('health: 0 and nothing printed when healthy; 3 when the server reports itself abnormal', async () => {
    expect(await scctl(['--addr', sc.url, 'health'])).toEqual({ code: 0, out: '', err: '' });
    sc.server.alarms.raise('BackendConnectionRefuse', 'cannot reach peer(s): sc9');
    try {
      expect(await scctl(['--addr', sc.url, 'health'])).toEqual({
        code: 3,
        out: '',
        err: `scctl: health check: 400002 Server is Unhealthy: cannot reach peer(s): sc9\n`,
      });
    } finally {
      sc.server.alarms.clearAll();
    }
  });

  test('an unreachable server: exit 2, naming the address (health and every other command)', async () => {
    const dead = await deadAddress();
    const port = dead.split(':').pop();
    const health = await scctl(['--addr', dead, 'health']);
    expect(health).toEqual({ code: 2, out: '', err: `scctl: cannot reach service center at ${dead}: connect ECONNREFUSED 127.0.0.1:${port}\n` });
    const svc = await scctl(['--addr', dead, 'get', 'svc']);
    expect(svc).toEqual({ code: 2, out: '', err: `scctl: cannot reach service center at ${dead}: connect ECONNREFUSED 127.0.0.1:${port}\n` });
    const version = await scctl(['--addr', dead, 'version']);
    expect(version.code).toBe(2);
    expect(version.out).toMatch(/^scctl Version: 0\.1\.0\n/);
    expect(version.err).toContain(`cannot reach service center at ${dead}`);
  });

  test('health: an internal server error is "unavailable" (2)', async () => {
    const failing: FetchLike = async () => ({
      status: 500,
      headers: { get: () => 'application/json' },
      text: async () => '{"errorCode":"500011","errorMessage":"Registry service is unavailable","detail":"etcd down"}',
    });
    expect(await scctl(['--addr', sc.url, 'health'], { fetch: failing })).toEqual({
      code: 2,
      out: '',
      err: 'scctl: health check: 500011 Registry service is unavailable: etcd down\n',
    });
  });

  test('a bad flag or value prints the usage and exits 1', async () => {
    const flag = await scctl(['--addr', sc.url, 'get', 'svc', '--bogus']);
    expect(flag.code).toBe(1);
    expect(flag.out).toBe('');
    expect(flag.err).toMatch(/^error: unknown option '--bogus'\n/);
    expect(flag.err).toContain('Usage: scctl get service|svc [options]');
    const output = await scctl(['--addr', sc.url, 'get', 'inst', '-o', 'yaml']);
    expect(output.code).toBe(1);
    expect(output.err).toContain("unknown output format 'yaml' (known: wide, json)");
    const timeout = await scctl(['-t', 'soon', 'health']);
    expect(timeout.code).toBe(1);
    expect(timeout.err).toContain("'soon' is not a duration like 10s, 500ms or 1m");
    expect(timeout.err).toContain('Usage: scctl <command> [options]');
    const addr = await scctl(['--addr', 'localhost:30100', 'health']);
    expect(addr.code).toBe(1);
    expect(addr.err).toContain("'localhost:30100' is not an address like http://127.0.0.1:30100");
    const command = await scctl(['frobnicate']);
    expect(command.code).toBe(1);
    expect(command.err).toMatch(/^error: unknown command 'frobnicate'/);
  });

  test('--help prints the commands and exits 0', async () => {
    const r = await scctl(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: scctl <command> [options]');
    for (const c of ['get', 'health', 'version|ver']) expect(r.out).toContain(c);
    const get = await scctl(['get', '--help']);
    for (const c of ['cluster|clusters', 'service|svc', 'instance|inst', 'schema|schemas', 'conflicts|conflict', 'sources|source', 'account|accounts', 'role|roles']) expect(get.out).toContain(c);
    for (const f of ['--account <name>', '--password-file <file>', '--ca <file>', '--cert <file>', '--key <file>']) expect(r.out).toContain(f);
  });
});
