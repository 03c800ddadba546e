import { startTestServer } from '../../__tests__/test-server';
import { SAMPLE_INSTANCE, WireInstance, call, createInstance, createService, uniqueName } from '../../__tests__/instances-helpers';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const base = '/v4/default/registry';

describe('batch heartbeat, bulk status, validation and limits', () => {
  let server: Server;
  let url: string;
  let sid: string;

  beforeAll(async () => {
    server = await startTestServer();
    url = server.url;
    sid = await createService(url, { serviceName: uniqueName('hb') });
  });
  afterAll(async () => {
    await server.stop();
  });

  test('batch heartbeat: one result per distinct instance, errMessage only on failure', async () => {
    const a = await createInstance(url, sid, { hostName: 'a' });
    const b = await createInstance(url, sid, { hostName: 'b' });
    const r = await call<{ instances: { serviceId: string; instanceId: string; errMessage?: string }[] }>(url, 'PUT', `${base}/heartbeats`, {
      body: {
        instances: [
          { serviceId: sid, instanceId: a },
          { serviceId: sid, instanceId: b },
          { serviceId: sid, instanceId: a },
          { serviceId: sid, instanceId: 'gone' },
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.instances).toHaveLength(3);
    expect(r.body.instances[0]).toEqual({ serviceId: sid, instanceId: a });
    expect(r.body.instances[1]).toEqual({ serviceId: sid, instanceId: b });
    expect(r.body.instances[2].instanceId).toBe('gone');
    expect(r.body.instances[2].errMessage).toMatch(/^Instance does not exist/);
  });

  test.each([[{}], [{ instances: [] }], [{ instances: null }]])('batch heartbeat with no items (%j) is 400001', async (body) => {
    const r = await call(url, 'PUT', `${base}/heartbeats`, { body });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ errorCode: '400001', errorMessage: 'Invalid parameter(s)', detail: 'Request format invalid.' });
  });

  test('bulk status sets the status of every instance whose properties match', async () => {
    const s2 = await createService(url, { serviceName: uniqueName('bulk') });
    const zoneA = await createInstance(url, s2, { hostName: 'x', properties: { zone: 'a', k: 'v' } });
    const zoneB = await createInstance(url, s2, { hostName: 'y', properties: { zone: 'b', k: 'v' } });
    const r = await call(url, 'PUT', `${base}/instances/status`, { body: { matches: { properties: { zone: 'a' } }, status: 'DOWN' } });
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    const list = (await call<{ instances: WireInstance[] }>(url, 'GET', `${base}/microservices/${s2}/instances`)).body.instances;
    const statusOf = (id: string) => list.find((i) => i.instanceId === id)?.status;
    expect(statusOf(zoneA)).toBe('DOWN');
    expect(statusOf(zoneB)).toBe('UP');
    // Every pair must match; both instances hold k=v.
    await call(url, 'PUT', `${base}/instances/status`, { body: { matches: { properties: { k: 'v' } }, status: 'STARTING' } });
    const after = (await call<{ instances: WireInstance[] }>(url, 'GET', `${base}/microservices/${s2}/instances`)).body.instances;
    expect(after.map((i) => i.status)).toEqual(['STARTING', 'STARTING']);
  });

  test('instance validation failures are 400001 (SC\'s server/service/disco/instance_test.go)', async () => {
    const bad: Record<string, unknown>[] = [
      { hostName: 'h', endpoints: [''] },
      { endpoints: ['rest://x'] },
      { hostName: ' ' },
      { hostName: 'h'.repeat(65) },
      { hostName: 'h', healthCheck: { mode: 'push', interval: 30, times: -1 } },
      { hostName: 'h', healthCheck: { mode: 'pull', interval: 30, times: 1, url: ' ' } },
      { hostName: 'h', healthCheck: { mode: 'pull', interval: 0, times: 1 } },
      { hostName: 'h', healthCheck: { mode: 'push', interval: 30, times: 3, port: 65536 } },
      { hostName: 'h', status: 'Invalid' },
      { hostName: 'h', instanceId: 'has space' },
    ];
    for (const instance of bad) {
      const r = await call(url, 'POST', `${base}/microservices/${sid}/instances`, { body: { instance } });
      expect({ instance, status: r.status, code: r.body.errorCode }).toEqual({ instance, status: 400, code: '400001' });
    }
    const nullInstance = await call(url, 'POST', `${base}/microservices/${sid}/instances`, { body: { instance: null } });
    expect(nullInstance.body.errorCode).toBe('400001');
  });

  test('health checks are clamped (push) or forced (pull)', async () => {
    const push = await createInstance(url, sid, { hostName: 'p', healthCheck: { mode: 'push', interval: 1, times: 0 } });
    const pull = await createInstance(url, sid, { hostName: 'q', healthCheck: { mode: 'pull', interval: 7, times: 9, url: '/health' } });
    const get = async (id: string) =>
      (await call<{ instance: WireInstance }>(url, 'GET', `${base}/microservices/${sid}/instances/${id}`)).body.instance.healthCheck;
    expect(await get(push)).toEqual({ mode: 'push', interval: 5, times: 3 });
    expect(await get(pull)).toEqual({ mode: 'pull', interval: 30, times: 3, url: '/health' });
  });

  test('register bodies over 5 KB and properties bodies over 3 KB are refused', async () => {
    const big = await call(url, 'POST', `${base}/microservices/${sid}/instances`, {
      body: { instance: { hostName: 'h', properties: { x: 'y'.repeat(6000) } } },
    });
    expect(big.status).toBe(413);
    const id = await createInstance(url, sid, { hostName: 'h' });
    const props = await call(url, 'PUT', `${base}/microservices/${sid}/instances/${id}/properties`, {
      body: { properties: { x: 'y'.repeat(3100) } },
    });
    expect(props.status).toBe(413);
    const fits = await call(url, 'PUT', `${base}/microservices/${sid}/instances/${id}/properties`, {
      body: { properties: { x: 'y'.repeat(2900) } },
    });
    expect(fits.status).toBe(200);
  });

  test('ids in paths are validated: too long is 400001', async () => {
    const long = 'x'.repeat(65);
    for (const [method, path] of [
      ['PUT', `${base}/microservices/${sid}/instances/${long}/heartbeat`],
      ['DELETE', `${base}/microservices/${sid}/instances/${long}`],
      ['GET', `${base}/microservices/${sid}/instances/${long}`],
      ['PUT', `${base}/microservices/${long}/instances/x/status?value=UP`],
      ['GET', `${base}/microservices/${long}/instances`],
    ] as const) {
      const r = await call(url, method, path);
      expect({ path, status: r.status, code: r.body.errorCode }).toEqual({ path, status: 400, code: '400001' });
    }
  });

  test('the instance quota (--quota-instances) gives 400100', async () => {
    const small = await startTestServer({ quotaInstances: 2 }, { instanceLimits: { minInterval: 5, minTimes: 3 } });
    try {
      const s = await createService(small.url, { serviceName: 'q' });
      // SC's own instance is one of the two.
      await createInstance(small.url, s, { hostName: 'a' });
      const r = await call(small.url, 'POST', `${base}/microservices/${s}/instances`, { body: { instance: { hostName: 'b' } } });
      expect(r.status).toBe(400);
      expect(r.body.errorCode).toBe('400100');
    } finally {
      await small.stop();
    }
  });

  test('the sample register body works as is', async () => {
    const id = await createInstance(url, sid, SAMPLE_INSTANCE);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
  });
});
