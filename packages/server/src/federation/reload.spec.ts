// Reload without restart: peers added, re-pointed and removed by POST /admin/reload and by a
// change of the config file; a bad file is refused and the running configuration kept.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ReloadResponse, decodeWith } from '@service-center/core';
import * as E from 'fp-ts/Either';
import { loadConfig } from '../config/load';
import { startTestServer } from '../__tests__/test-server';
import { call, createInstance, createService, eventually, uniqueName } from '../__tests__/instances-helpers';

jest.setTimeout(60_000);

type Server = Awaited<ReturnType<typeof startTestServer>>;
const options = { federation: { pollWaitMs: 500, tickMs: 100 } };

async function globalNames(server: Server): Promise<string[]> {
  const r = await call<{ services?: { serviceName: string }[] }>(server.url, 'GET', '/v4/default/registry/microservices?global=true');
  return (r.body.services ?? []).map((s) => s.serviceName);
}

async function sources(server: Server): Promise<{ cluster: string; kind: string; quarantined?: boolean; peer?: { urls?: string[] } }[]> {
  const r = await call<{ sources?: { cluster: string; kind: string; quarantined?: boolean; peer?: { urls?: string[] } }[] }>(server.url, 'GET', '/v4/default/admin/sources');
  return (r.body.sources ?? []).filter((s) => s.kind === 'servicecenter');
}

describe('reload from the config file', () => {
  let dir: string;
  let file: string;
  let peerA: Server;
  let peerB: Server;
  let sc: Server;
  const fromA = uniqueName('from-a');
  const fromB = uniqueName('from-b');

  const yaml = (lines: string[]) => fs.writeFileSync(file, `${lines.join('\n')}\n`);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reload-'));
    file = path.join(dir, 'sc.yaml');
    peerA = await startTestServer({ clusterName: 'sc-a' }, options);
    peerB = await startTestServer({ clusterName: 'sc-b' }, options);
    const a = await createService(peerA.url, { serviceName: fromA });
    for (let i = 0; i < 3; i++) await createInstance(peerA.url, a, { hostName: `a${i}`, endpoints: [`rest://10.1.0.${i}:80`], status: 'UP' });
    await createService(peerB.url, { serviceName: fromB });
    yaml(['clusterName: sc-main', 'syncInterval: 30', 'quarantineMin: 1', 'quarantineShare: 0.5']);
    // What main.ts does: settle the configuration again from the same flags and file.
    const load = () => ({ ...loadConfig(['--config', file, '--port', '0', '--log-level', 'silent', '--data-dir', dir], {}).config });
    sc = await startTestServer(load(), { ...options, configSource: { file, load, watch: { intervalMs: 100, debounceMs: 100 } } });
  });
  afterAll(async () => {
    await sc.stop();
    await Promise.all([peerA.stop(), peerB.stop()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a peer added to the file is pulled at once', async () => {
    expect(await globalNames(sc)).not.toContain(fromA);
    yaml(['clusterName: sc-main', 'syncInterval: 30', 'quarantineMin: 1', 'quarantineShare: 0.5', 'clusters:', `  - sc-a=${peerA.url}`]);
    await eventually(async () => (await globalNames(sc)).includes(fromA), 10_000);
    expect(sc.config.clusters.map((p) => p.name)).toEqual(['sc-a']);
  });

  test('POST /admin/reload: a peer re-pointed keeps its records; one added is pulled; the answer says what changed', async () => {
    // sc-a's name now points at peer B's URL first, then its own: re-pointed, not removed.
    yaml(['clusterName: sc-main', 'syncInterval: 30', 'quarantineMin: 1', 'quarantineShare: 0.5', 'clusters:', `  - sc-a=${peerA.url},${peerB.url}`, `  - sc-b=${peerB.url}`]);
    const r = await call(sc.url, 'POST', '/v4/default/admin/reload');
    expect(r.status).toBe(200);
    const body = decodeWith(ReloadResponse, r.body);
    expect(E.isRight(body) && body.right.changed).toEqual(expect.arrayContaining(['peer sc-a re-pointed', 'peer sc-b added']));
    expect(await globalNames(sc)).toContain(fromA); // never left the view
    await eventually(async () => (await globalNames(sc)).includes(fromB), 10_000);
    expect((await sources(sc)).find((s) => s.cluster === 'sc-a')?.peer?.urls).toEqual([peerA.url, peerB.url]);
  });

  test('settings that cannot change live are named and kept', async () => {
    yaml(['clusterName: sc-renamed', 'syncInterval: 30', 'quarantineMin: 1', 'quarantineShare: 0.5', 'clusters:', `  - sc-a=${peerA.url}`, `  - sc-b=${peerB.url}`]);
    const r = await call<{ changed?: string[]; kept?: string[] }>(sc.url, 'POST', '/v4/default/admin/reload');
    expect(r.status).toBe(200);
    expect(r.body.kept).toEqual(['cluster-name']);
    expect(sc.config.clusterName).toBe('sc-main');
  });

  test('a file that does not parse is refused with an SC error body; the running configuration stays', async () => {
    fs.writeFileSync(file, 'clusters: [unclosed\n');
    const r = await call<{ errorCode?: string; detail?: string }>(sc.url, 'POST', '/v4/default/admin/reload');
    expect(r.status).toBe(400);
    expect(r.body.errorCode).toBe('400001');
    expect(r.body.detail).toMatch(/not valid YAML.*|running one is kept/);
    expect(sc.config.clusters.map((p) => p.name)).toEqual(['sc-a', 'sc-b']);
    expect(await globalNames(sc)).toEqual(expect.arrayContaining([fromA, fromB]));
    const metrics = await fetch(`${sc.url}/metrics`).then((m) => m.text());
    expect(metrics).toMatch(/sc_config_reloads_total\{result="refused"\} [1-9]/);
    expect(metrics).toMatch(/sc_config_reloads_total\{result="applied"\} [1-9]/);
  });

  test('a peer whose CA file cannot be read refuses the whole reload before anything changes', async () => {
    const missing = path.join(dir, 'missing-ca.pem');
    yaml(['clusterName: sc-main', 'syncInterval: 30', 'quarantineMin: 1', 'quarantineShare: 0.5', 'clusters:', `  - {name: sc-c, endpoints: 'https://127.0.0.1:1', ca: ${missing}}`]);
    const r = await call<{ errorCode?: string; detail?: string }>(sc.url, 'POST', '/v4/default/admin/reload');
    expect(r.status).toBe(400);
    expect(r.body.detail).toContain('missing-ca.pem');
    expect(sc.config.clusters.map((p) => p.name)).toEqual(['sc-a', 'sc-b']);
    expect((await sources(sc)).map((s) => s.cluster).sort()).toEqual(['sc-a', 'sc-b']);
  });

  test('a removed peer leaves as DELETE events, with no quarantine', async () => {
    yaml(['clusterName: sc-main', 'syncInterval: 30', 'quarantineMin: 1', 'quarantineShare: 0.5', 'clusters:', `  - sc-b=${peerB.url}`]);
    await eventually(async () => !(await globalNames(sc)).includes(fromA), 10_000);
    expect(await globalNames(sc)).toContain(fromB);
    expect((await sources(sc)).map((s) => s.cluster)).toEqual(['sc-b']);
    expect((await sources(sc)).some((s) => s.quarantined)).toBe(false);
  });
});

describe('reload of the failover policy', () => {
  let dir: string;
  let file: string;
  let peer: Server;
  let sc: Server;
  const name = uniqueName('fo');
  const yaml = (lines: string[]) => fs.writeFileSync(file, `${lines.join('\n')}\n`);
  const plainHosts = async () => {
    const r = await call<{ instances?: { hostName: string }[] }>(sc.url, 'GET', `/v4/default/registry/instances?appId=app&serviceName=${name}`);
    return (r.body.instances ?? []).map((i) => i.hostName).sort();
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reload-failover-'));
    file = path.join(dir, 'sc.yaml');
    peer = await startTestServer({ clusterName: 'sc-far' }, options);
    const remote = await createService(peer.url, { serviceName: name });
    await createInstance(peer.url, remote, { hostName: 'far-1', endpoints: ['rest://10.2.0.1:80'], status: 'UP' });
    yaml(['clusterName: sc-near', 'clusters:', `  - sc-far=${peer.url}`]);
    const load = () => ({ ...loadConfig(['--config', file, '--port', '0', '--log-level', 'silent', '--data-dir', dir], {}).config });
    sc = await startTestServer(load(), { ...options, configSource: { file, load } });
    const local = await createService(sc.url, { serviceName: name });
    await createInstance(sc.url, local, { hostName: 'near-1', endpoints: ['rest://10.1.0.1:80'], status: 'DOWN' });
    await eventually(async () => {
      const r = await call<{ instances?: unknown[] }>(sc.url, 'GET', `/v4/default/registry/instances?appId=app&serviceName=${name}&global=true`);
      return (r.body.instances ?? []).length === 2;
    }, 10_000);
  });
  afterAll(async () => {
    await sc.stop();
    await peer.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('failover turned on and off by POST /admin/reload, without a restart', async () => {
    expect(await plainHosts()).toEqual(['near-1']); // off: only the local (DOWN) instance, as Service-Center
    yaml(['clusterName: sc-near', 'clusters:', `  - sc-far=${peer.url}`, 'failover: {mode: local-first, minHealthy: 1}']);
    const on = await call<{ changed?: string[]; kept?: string[] }>(sc.url, 'POST', '/v4/default/admin/reload');
    expect(on.status).toBe(200);
    expect(on.body.changed).toEqual(expect.arrayContaining(['failover local-first (min healthy 1)']));
    expect(on.body.kept).toBeUndefined();
    expect(await plainHosts()).toEqual(['far-1', 'near-1']); // below one UP: the other cluster's added
    const admin = await call<{ mode: string; services?: { serviceName: string; clusters: string[] }[] }>(sc.url, 'GET', '/v4/default/admin/failover');
    expect(admin.body.mode).toBe('local-first');
    expect(admin.body.services?.find((s) => s.serviceName === name)?.clusters).toEqual(['sc-far']);
    yaml(['clusterName: sc-near', 'clusters:', `  - sc-far=${peer.url}`]);
    expect((await call(sc.url, 'POST', '/v4/default/admin/reload')).status).toBe(200);
    expect(await plainHosts()).toEqual(['near-1']);
    const off = await call<{ mode: string; services?: unknown[] }>(sc.url, 'GET', '/v4/default/admin/failover');
    expect(off.body).toMatchObject({ mode: 'off' });
    expect(off.body.services).toBeUndefined();
  });
});
