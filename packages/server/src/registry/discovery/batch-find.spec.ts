import { startTestServer } from '../../__tests__/test-server';
import { call, createInstance, createService, uniqueName } from '../../__tests__/instances-helpers';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const action = '/v4/default/registry/instances/action';

type Side = {
  updated?: { index: number; rev: string; instances?: { instanceId: string }[] }[];
  notModified?: number[];
  failed?: { indexes: number[]; error: { errorCode: string; errorMessage: string; detail?: string } }[];
};
type Batch = { services?: Side; instances?: Side; errorCode?: string };

/** A provider whose newest version (2.0.0) has no instance; its 1.0.0 has one. */
async function newestWithoutInstance(url: string): Promise<{ name: string; oldInstance: string }> {
  const name = uniqueName('newest-empty');
  const old = await createService(url, { serviceName: name, appId: 'bapp', version: '1.0.0' });
  const oldInstance = await createInstance(url, old, { hostName: 'old' });
  await createService(url, { serviceName: name, appId: 'bapp', version: '2.0.0' });
  return { name, oldInstance };
}

describe('batch find (SC\'s integration/instances_test.go)', () => {
  let server: Server;
  let url: string;
  let name: string;
  let provider: string;
  let instanceId: string;

  beforeAll(async () => {
    server = await startTestServer();
    url = server.url;
    name = uniqueName('b');
    provider = await createService(url, { serviceName: name, appId: 'bapp', version: '0.0.2' });
    instanceId = await createInstance(url, provider, { hostName: 'h' });
  });
  afterAll(async () => {
    await server.stop();
  });

  const batch = (body: unknown, query = '?type=query', headers: Record<string, string> = {}) =>
    call<Batch>(url, 'POST', `${action}${query}`, { body, headers });

  test('without type=query it is 400001 "Invalid action"', async () => {
    for (const q of ['', '?type=other']) {
      const r = await batch({ services: [{ service: { appId: 'bapp', serviceName: name } }] }, q);
      expect(r.status).toBe(400);
      expect(r.body.errorCode).toBe('400001');
      expect(r.text).toContain('Invalid action');
    }
  });

  test("SC's integration case: mixed found / not found services and instances", async () => {
    const r = await batch({
      services: [
        { service: { appId: 'bapp', serviceName: name, version: '0.0.2' } },
        { service: { appId: 'bapp', serviceName: 'notexisted', version: '0.0.2' } },
      ],
      instances: [
        { instance: { serviceId: provider, instanceId } },
        { instance: { serviceId: provider, instanceId: 'notexisted' } },
      ],
    });
    expect(r.status).toBe(200);
    const { services, instances } = r.body;
    expect(services?.failed?.[0].indexes).toEqual([1]);
    expect(services?.failed?.[0].error.errorCode).toBe('400012');
    expect(services?.updated?.[0].index).toBe(0);
    expect(services?.updated?.[0].instances?.map((i) => i.instanceId)).toEqual([instanceId]);
    expect(instances?.failed?.[0].indexes).toEqual([1]);
    expect(instances?.failed?.[0].error.errorCode).toBe('400017');
    expect(instances?.updated?.[0].index).toBe(0);
    expect(instances?.updated?.[0].instances?.map((i) => i.instanceId)).toEqual([instanceId]);
  });

  test('a matching rev goes to notModified; failures are grouped by code; a side not asked for is omitted', async () => {
    const first = await batch({ services: [{ service: { appId: 'bapp', serviceName: name } }] });
    const rev = first.body.services?.updated?.[0].rev ?? '';
    expect(rev).not.toBe('');
    expect(first.body.instances).toBeUndefined();
    const second = await batch({
      services: [
        { service: { appId: 'bapp', serviceName: name }, rev },
        { service: { appId: 'bapp', serviceName: 'nope1' } },
        { service: { appId: 'bapp', serviceName: name }, rev: 'stale' },
        { service: { appId: 'bapp', serviceName: 'nope2' } },
        { service: { appId: 'bapp', serviceName: name, version: '9.9.9+' } },
      ],
    });
    const s = second.body.services;
    expect(s?.notModified).toEqual([0]);
    expect(s?.failed).toEqual([
      { indexes: [1, 3], error: expect.objectContaining({ errorCode: '400012', errorMessage: 'Micro-service does not exist' }) },
    ]);
    expect(s?.updated?.map((u) => u.index)).toEqual([2, 4]);
    expect(s?.updated?.[0].rev).toBe(rev);
    // Service-Center 2.2 ignores the version: 9.9.9+ answers the same instances, same rev.
    expect(s?.updated?.[1]).toEqual({ index: 4, rev, instances: [expect.objectContaining({ instanceId })] });
  });

  test('the version is ignored whatever its text, as a go-chassis client sends it (0%2B escaped again)', async () => {
    const r = await batch({
      services: ['0%2B', '0%252B', 'latest', '1.x', '3.0.0', ''].map((version) => ({ service: { appId: 'bapp', serviceName: name, version } })),
    });
    expect(r.status).toBe(200);
    expect(r.body.services?.failed).toBeUndefined();
    expect(r.body.services?.updated?.map((u) => u.instances?.map((i) => i.instanceId))).toEqual(Array(6).fill([instanceId]));
  });

  test('latest when the newest version has no instance answers the older version\'s; one rev serves every text', async () => {
    const { name: other, oldInstance } = await newestWithoutInstance(url);
    const first = await batch({ services: [{ service: { appId: 'bapp', serviceName: other, version: 'latest' } }] });
    const item = first.body.services?.updated?.[0];
    expect(item?.instances?.map((i) => i.instanceId)).toEqual([oldInstance]);
    const again = await batch({
      services: ['latest', '0%252B', '2.0.0', ''].map((version) => ({ service: { appId: 'bapp', serviceName: other, version }, rev: item?.rev })),
    });
    expect(again.body.services).toEqual({ notModified: [0, 1, 2, 3] });
  });

  test('a consumer of another app sees 200 with no instances; an unknown consumer fails the items with 400012', async () => {
    const consumer = await createService(url, { serviceName: uniqueName('c'), appId: 'elsewhere' });
    const body = { services: [{ service: { appId: 'bapp', serviceName: name } }] };
    const r = await batch(body, '?type=query', { 'X-ConsumerId': consumer });
    expect(r.status).toBe(200);
    expect(r.body.services?.updated?.[0].instances).toBeUndefined();
    const ghost = await batch({ ...body, consumerServiceId: consumer }, '?type=query', { 'X-ConsumerId': 'ghost' });
    expect(ghost.body.services?.failed?.[0].error.errorCode).toBe('400012');
  });

  test.each([
    ['nothing to find', {}],
    ['empty lists', { services: [], instances: [] }],
    ['a service item without its key', { services: [{ rev: 'x' }] }],
    ['an instance item without its key', { instances: [{ rev: 'x' }] }],
    ['an invalid appId', { services: [{ service: { appId: ' ', serviceName: 'x' } }] }],
    ['an invalid instance id', { instances: [{ instance: { serviceId: 's', instanceId: 'a b' } }] }],
  ])('%s is 400001', async (_label, body) => {
    const r = await batch(body);
    expect(r.status).toBe(400);
    expect(r.body.errorCode).toBe('400001');
  });
});

describe('batch find with --find-version-rules (Service-Center 2.0)', () => {
  let server: Server;
  let name: string;
  let instanceId: string;
  beforeAll(async () => {
    server = await startTestServer({ findVersionRules: true });
    name = uniqueName('r');
    const provider = await createService(server.url, { serviceName: name, appId: 'bapp', version: '0.0.2' });
    instanceId = await createInstance(server.url, provider, { hostName: 'h' });
  });
  afterAll(async () => {
    await server.stop();
  });

  test('a rule selects versions: none gives an item with no instances, a bad rule fails it, 0%2B is all', async () => {
    const r = await call<Batch>(server.url, 'POST', `${action}?type=query`, {
      body: { services: ['9.9.9+', '1.x', '0%2B'].map((version) => ({ service: { appId: 'bapp', serviceName: name, version } })) },
    });
    const s = r.body.services;
    expect(s?.failed).toEqual([{ indexes: [1], error: expect.objectContaining({ errorCode: '400001' }) }]);
    expect(s?.updated?.map((u) => u.index)).toEqual([0, 2]);
    // No instances: the list is omitted, index and rev stay.
    expect(Object.keys(s?.updated?.[0] ?? {}).sort()).toEqual(['index', 'rev']);
    expect(s?.updated?.[1].instances?.map((i) => i.instanceId)).toEqual([instanceId]);
  });

  test('latest selects the newest version even when it has no instance: an item with none, as Service-Center 2.0', async () => {
    const { name: other, oldInstance } = await newestWithoutInstance(server.url);
    const r = await call<Batch>(server.url, 'POST', `${action}?type=query`, {
      body: { services: ['latest', '0%2B', '0%252B'].map((version) => ({ service: { appId: 'bapp', serviceName: other, version } })) },
    });
    const s = r.body.services;
    // 0%2B is 0+ once decoded; 0%252B decodes to 0%2B, which is not a rule.
    expect(s?.failed).toEqual([{ indexes: [2], error: expect.objectContaining({ errorCode: '400001' }) }]);
    expect(s?.updated?.map((u) => [u.index, u.instances?.map((i) => i.instanceId)])).toEqual([
      [0, undefined],
      [1, [oldInstance]],
    ]);
  });
});
