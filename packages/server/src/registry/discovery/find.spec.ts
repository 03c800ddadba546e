import { startTestServer } from '../../__tests__/test-server';
import { call, createInstance, createService, find, uniqueName } from '../../__tests__/instances-helpers';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const base = '/v4/default/registry';

describe('find with --find-version-rules (Service-Center 2.0 version rules)', () => {
  let server: Server;
  let url: string;
  let name: string;
  const ids: Record<string, string> = {};
  const inst: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer({ findVersionRules: true });
    url = server.url;
    name = uniqueName('ver');
    for (const v of ['1.0.0', '1.0.1', '2.0.0']) {
      ids[v] = await createService(url, { serviceName: name, version: v, appId: 'vapp' });
      inst[v] = await createInstance(url, ids[v], { hostName: `h${v}` });
    }
  });
  afterAll(async () => {
    await server.stop();
  });

  const found = async (query: Record<string, string>, headers: Record<string, string> = {}) => {
    const r = await find(url, { appId: 'vapp', serviceName: name, ...query }, headers);
    return { status: r.status, code: r.body?.errorCode, ids: (r.body?.instances ?? []).map((i) => i.instanceId).sort() };
  };
  const of = (...versions: string[]) => versions.map((v) => inst[v]).sort();

  test.each([
    ['(absent)', undefined, ['1.0.0', '1.0.1', '2.0.0']],
    ['0%2B (go-chassis escapes 0+ twice; decoded once)', '0%2B', ['1.0.0', '1.0.1', '2.0.0']],
    ['0+', '0+', ['1.0.0', '1.0.1', '2.0.0']],
    ['0.0.0+', '0.0.0+', ['1.0.0', '1.0.1', '2.0.0']],
    ['latest', 'latest', ['2.0.0']],
    ['1.0.1+', '1.0.1+', ['1.0.1', '2.0.0']],
    ['1.0.0-2.0.0 (end excluded)', '1.0.0-2.0.0', ['1.0.0', '1.0.1']],
    ['2.0.0-1.0.0 (swapped)', '2.0.0-1.0.0', ['1.0.0', '1.0.1']],
    ['exact 1.0.1', '1.0.1', ['1.0.1']],
    ['3.0.0+ (no match)', '3.0.0+', []],
    ['2.0.1-2.0.5 (no match)', '2.0.1-2.0.5', []],
  ])('version rule %s', async (_label, version, expected) => {
    const r = await found(version === undefined ? {} : { version });
    expect(r.status).toBe(200);
    expect(r.ids).toEqual(of(...expected));
  });

  test('an exact version that does not exist is 400012 although the name exists (SC ≤v2.0.0)', async () => {
    const r = await found({ version: '0.0.9' });
    expect(r).toEqual({ status: 400, code: '400012', ids: [] });
  });

  test.each(['1.a', 'x+', '1.0.0-', 'latest1', '1.32768.0', '1.2.3.4.5'])('an invalid version rule %s is 400001', async (version) => {
    expect((await found({ version })).code).toBe('400001');
  });

  test('an unknown name is 400012 with any rule', async () => {
    for (const version of ['latest', '1.0.0+', '1.0.0']) {
      const r = await find(url, { appId: 'vapp', serviceName: 'nobody', version });
      expect(r.body.errorCode).toBe('400012');
    }
  });

  test.each([
    ['appId too long', { appId: 'a'.repeat(161), serviceName: 'x' }],
    ['appId empty', { appId: '', serviceName: 'x' }],
    ['appId blank', { appId: ' ', serviceName: 'x' }],
    ['serviceName too long', { appId: 'a', serviceName: 'x'.repeat(290) }],
    ['serviceName empty', { appId: 'a', serviceName: '' }],
    ['serviceName blank', { appId: 'a', serviceName: ' ' }],
    ['env unknown', { appId: 'a', serviceName: 'x', env: 'nowhere' }],
    ['tag key invalid', { appId: 'a', serviceName: 'x', tags: '1bad' }],
  ])('invalid find parameters (%s) are 400001', async (_label, q) => {
    const r = await find(url, q);
    expect(r.status).toBe(400);
    expect(r.body.errorCode).toBe('400001');
  });

  test('an unknown consumer is 400012', async () => {
    const r = await found({}, { 'X-ConsumerId': 'ghost' });
    expect(r.code).toBe('400012');
  });

  test('the revision changes when an instance changes, and is stable otherwise', async () => {
    const rev = async () => (await find(url, { appId: 'vapp', serviceName: name })).headers.get('x-resource-revision');
    const r1 = await rev();
    expect(await rev()).toBe(r1);
    await call(url, 'PUT', `${base}/microservices/${ids['1.0.0']}/instances/${inst['1.0.0']}/status?value=DOWN`);
    const r2 = await rev();
    expect(r2).not.toBe(r1);
    const extra = await createInstance(url, ids['1.0.0'], { hostName: 'extra' });
    const r3 = await rev();
    expect(r3).not.toBe(r2);
    await call(url, 'DELETE', `${base}/microservices/${ids['1.0.0']}/instances/${extra}`);
    const r4 = await rev();
    expect(r4).not.toBe(r3);
    // A heartbeat changes nothing a client sees: still 304.
    await call(url, 'PUT', `${base}/microservices/${ids['1.0.0']}/instances/${inst['1.0.0']}/heartbeat`);
    const again = await find(url, { appId: 'vapp', serviceName: name, rev: r4 ?? '' });
    expect(again.status).toBe(304);
    // noCache makes SC ignore rev.
    const noCache = await find(url, { appId: 'vapp', serviceName: name, rev: r4 ?? '', noCache: '1' });
    expect(noCache.status).toBe(200);
  });

  test('X-Resource-Revision is also sent on list and get-one, with 304 on match', async () => {
    const list = await call(url, 'GET', `${base}/microservices/${ids['2.0.0']}/instances`);
    const rev = list.headers.get('x-resource-revision') ?? '';
    expect(rev).not.toBe('');
    expect((await call(url, 'GET', `${base}/microservices/${ids['2.0.0']}/instances?rev=${rev}`)).status).toBe(304);
    const one = await call(url, 'GET', `${base}/microservices/${ids['2.0.0']}/instances/${inst['2.0.0']}`);
    const oneRev = one.headers.get('x-resource-revision') ?? '';
    expect((await call(url, 'GET', `${base}/microservices/${ids['2.0.0']}/instances/${inst['2.0.0']}?rev=${oneRev}`)).status).toBe(304);
  });

  test('global=true is accepted and answers local data', async () => {
    const r = await found({ global: 'true' });
    expect(r.ids).toEqual(of('1.0.0', '1.0.1', '2.0.0'));
  });

  test('latest selects the newest version even when it has no instance: none answered, locally and with global=true', async () => {
    const other = uniqueName('newest-empty');
    const old = await createService(url, { serviceName: other, version: '1.0.0', appId: 'vapp' });
    const oldInstance = await createInstance(url, old, { hostName: 'old' });
    await createService(url, { serviceName: other, version: '2.0.0', appId: 'vapp' });
    const q = `${base}/instances?appId=vapp&serviceName=${other}`;
    const idsAt = async (query: string) => {
      const r = await call<{ instances?: { instanceId: string }[] }>(url, 'GET', `${q}${query}`);
      expect(r.status).toBe(200);
      return (r.body.instances ?? []).map((i) => i.instanceId);
    };
    expect(await idsAt('&version=latest')).toEqual([]);
    expect(await idsAt('&version=latest&global=true')).toEqual([]);
    // The double-escaped all-versions rule as go-chassis puts it on the wire.
    expect(await idsAt('&version=0%252B')).toEqual([oldInstance]);
    expect(await idsAt('&version=0%252B&global=true')).toEqual([oldInstance]);
    // The revision is per rule: latest's answer (none) is not 0+'s.
    const latest = await call(url, 'GET', `${q}&version=latest`);
    const rev = latest.headers.get('x-resource-revision') ?? '';
    for (let i = 0; i < 2; i++) expect((await call(url, 'GET', `${q}&version=latest&rev=${rev}`)).status).toBe(304);
    expect((await call(url, 'GET', `${q}&version=0%252B&rev=${rev}`)).status).toBe(200);
  });
});

describe('find as Service-Center 2.2: version is ignored (the default)', () => {
  let server: Server;
  let url: string;
  let name: string;
  const ids: Record<string, string> = {};
  const inst: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer();
    url = server.url;
    name = uniqueName('any');
    for (const v of ['1.0.0', '1.0.1', '2.0.0']) ids[v] = await createService(url, { serviceName: name, version: v, appId: 'vapp' });
    // The newest version has no instance.
    for (const v of ['1.0.0', '1.0.1']) inst[v] = await createInstance(url, ids[v], { hostName: `h${v}` });
  });
  afterAll(async () => {
    await server.stop();
  });

  const idsOf = (r: Awaited<ReturnType<typeof find>>) => (r.body?.instances ?? []).map((i) => i.instanceId).sort();
  const all = () => [inst['1.0.0'], inst['1.0.1']].sort();

  test('go-chassis sends version=0%252B on the wire: 200 with every version\'s instances', async () => {
    const r = await call<{ instances?: { instanceId: string }[] }>(url, 'GET', `${base}/instances?appId=vapp&serviceName=${name}&version=0%252B`);
    expect(r.status).toBe(200);
    expect((r.body.instances ?? []).map((i) => i.instanceId).sort()).toEqual(all());
  });

  test.each(['latest', '1.0.1+', '1.0.0-2.0.0', '2.0.0', '0.0.9', '1.a', 'x+', '0%2B', ''])('version %p answers every version', async (version) => {
    const r = await find(url, { appId: 'vapp', serviceName: name, version });
    expect(r.status).toBe(200);
    expect(idsOf(r)).toEqual(all());
  });

  test('latest when the newest version has no instance answers the older versions\' instances', async () => {
    expect(idsOf(await find(url, { appId: 'vapp', serviceName: name, version: 'latest' }))).toEqual(all());
  });

  test('the revision does not depend on the version text: 304 across texts, from the fast path too', async () => {
    const first = await find(url, { appId: 'vapp', serviceName: name });
    const rev = first.headers.get('x-resource-revision') ?? '';
    expect(rev).not.toBe('');
    for (const version of ['latest', '0%2B', '1.a']) {
      // The first request of each text fills the cache, the second is answered before Koa.
      for (let i = 0; i < 2; i++) {
        const r = await find(url, { appId: 'vapp', serviceName: name, version, rev });
        expect(r.status).toBe(304);
        expect(r.headers.get('x-resource-revision')).toBe(rev);
      }
    }
    await createInstance(url, ids['2.0.0'], { hostName: 'h2' });
    const moved = await find(url, { appId: 'vapp', serviceName: name, version: '1.0.0', rev });
    expect(moved.status).toBe(200);
    expect(moved.headers.get('x-resource-revision')).not.toBe(rev);
  });

  test('global=true ignores the version too', async () => {
    const r = await find(url, { appId: 'vapp', serviceName: name, version: '0.0.9', global: 'true' });
    expect(r.status).toBe(200);
    expect(idsOf(r).length).toBeGreaterThanOrEqual(2);
  });

  test('an unknown name is still 400012', async () => {
    expect((await find(url, { appId: 'vapp', serviceName: 'nobody', version: 'latest' })).body.errorCode).toBe('400012');
  });
});
