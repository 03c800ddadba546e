import pino from 'pino';
import * as E from 'fp-ts/Either';
import { DEFAULT_TENANT, MicroServiceInstance, ScError, etcdKey } from '@service-center/core';
import { DEFAULT_CONFIG } from '../../config/schema';
import { TenantCensus } from '../microservices/tenant-census';
import type { RegistryDeps } from '../deps';
import { MemoryKv } from '../../store/memory/memory-kv';
import { registerService } from '../microservices/microservices';
import { registerInstance } from './register';
import { heartbeat, heartbeatSet, unregisterInstance } from './lifecycle';
import { updateInstanceProperties, updateInstanceStatus } from './update';
import { AlarmRegistry } from '../admin/alarms';
import { InstanceView } from './self-preservation';
import { SelfRegistration } from '../admin/self-registration';

const INT32_MAX = 2147483647;
const T = DEFAULT_TENANT;

function makeDeps(): RegistryDeps {
  const store = new MemoryKv({ sweepMs: 0 });
  return { store, config: DEFAULT_CONFIG, clusterName: 'default', log: pino({ level: 'silent' }), now: Date.now, tenants: new TenantCensus(store) };
}
const codeOf = <A>(r: E.Either<ScError, A>) => (E.isLeft(r) ? r.left.code : 0);

/** Service-layer cases of SC's server/service/disco/instance_test.go that HTTP body limits hide. */
describe('instance services without HTTP', () => {
  let deps: RegistryDeps;
  let sid: string;
  beforeEach(async () => {
    deps = makeDeps();
    const r = await registerService(deps, T, { service: { serviceName: 'svc', appId: 'app', version: '1.0.0' } });
    if (E.isLeft(r)) throw new Error(r.left.message);
    sid = r.right.serviceId;
  });
  afterEach(async () => {
    await deps.store.close();
  });

  test('the largest instance SC accepts: 1000 endpoints of 254 chars, big properties, pull with max values', async () => {
    const instance: MicroServiceInstance = {
      hostName: 'h'.repeat(64),
      endpoints: Array.from({ length: 1000 }, (_, i) => `${i}`.padEnd(254, 'x')),
      properties: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`.padEnd(254, 'k'), 'v'.repeat(254)])),
      healthCheck: { mode: 'pull', port: 65535, interval: INT32_MAX, times: INT32_MAX, url: '/health' },
    };
    const r = await registerInstance(deps, T, sid, instance);
    expect(E.isRight(r)).toBe(true);
    const stored = deps.store.get(etcdKey.instance(T, sid, E.isRight(r) ? r.right.instanceId : ''))?.value as MicroServiceInstance;
    expect(stored.endpoints).toHaveLength(1000);
    expect(stored.healthCheck).toMatchObject({ mode: 'pull', interval: 30, times: 3, port: 65535 });
    // TTL = 30 x (3 + 1)
    const lease = deps.store.get(etcdKey.lease(T, sid, stored.instanceId ?? ''));
    expect(deps.store.leaseTtl(Number(lease?.value))?.ttl).toBe(120);
  });

  test('an empty serviceId is 400001; an unknown one is 400012', async () => {
    expect(codeOf(await registerInstance(deps, T, '', { hostName: 'h' }))).toBe(400001);
    expect(codeOf(await registerInstance(deps, T, 'nope', { hostName: 'h' }))).toBe(400012);
  });

  test('push times 0 or 1 is accepted and raised to 3; the lease follows the clamped values', async () => {
    for (const times of [0, 1]) {
      const r = await registerInstance(deps, T, sid, { hostName: 'h', healthCheck: { mode: 'push', interval: 10, times } });
      const id = E.isRight(r) ? r.right.instanceId : '';
      const lease = Number(deps.store.get(etcdKey.lease(T, sid, id))?.value);
      expect(deps.store.leaseTtl(lease)?.ttl).toBe(40);
    }
  });

  test('ids are validated: empty ids are 400001, unknown instances 400017', async () => {
    expect(codeOf(await unregisterInstance(deps, T, '', 'x'))).toBe(400001);
    expect(codeOf(await unregisterInstance(deps, T, sid, ''))).toBe(400001);
    expect(codeOf(await unregisterInstance(deps, T, sid, 'nope'))).toBe(400017);
    expect(codeOf(await heartbeat(deps, T, '', 'x'))).toBe(400001);
    expect(codeOf(await heartbeat(deps, T, sid, 'nope'))).toBe(400017);
    expect(codeOf(await updateInstanceStatus(deps, T, sid, '', 'UP'))).toBe(400001);
    expect(codeOf(await updateInstanceStatus(deps, T, sid, 'nope', 'UP'))).toBe(400017);
    expect(codeOf(await updateInstanceProperties(deps, T, '', 'x', {}))).toBe(400001);
    expect(codeOf(await updateInstanceProperties(deps, T, sid, 'nope', {}))).toBe(400017);
  });

  test('batch heartbeat: empty is 400001; two instances give two results', async () => {
    expect(codeOf(await heartbeatSet(deps, T, []))).toBe(400001);
    const a = await registerInstance(deps, T, sid, { hostName: 'a' });
    const b = await registerInstance(deps, T, sid, { hostName: 'b' });
    const ids = [a, b].map((r) => (E.isRight(r) ? r.right.instanceId : ''));
    const r = await heartbeatSet(deps, T, ids.map((instanceId) => ({ serviceId: sid, instanceId })));
    expect(E.isRight(r) ? r.right : []).toEqual(ids.map((instanceId) => ({ serviceId: sid, instanceId })));
  });

  test('an update keeps the lease: the instance still expires with it', async () => {
    const r = await registerInstance(deps, T, sid, { hostName: 'h' });
    const id = E.isRight(r) ? r.right.instanceId : '';
    const before = deps.store.get(etcdKey.instance(T, sid, id));
    expect(E.isRight(await updateInstanceStatus(deps, T, sid, id, 'DOWN'))).toBe(true);
    const after = deps.store.get(etcdKey.instance(T, sid, id));
    expect(after?.lease).toBe(before?.lease);
    expect((after?.value as MicroServiceInstance).status).toBe('DOWN');
    await deps.store.revokeLease(after?.lease ?? 0);
    expect(deps.store.get(etcdKey.instance(T, sid, id))).toBeUndefined();
  });
});

describe('self-registration', () => {
  test('health is 400012 before SC registered itself, then lists its instance; stop unregisters it', async () => {
    const deps = makeDeps();
    const view = new InstanceView(deps.store, { tickMs: 0 });
    const self = new SelfRegistration(deps, view, new AlarmRegistry(), { heartbeatMs: 60_000 });
    expect(codeOf(self.health())).toBe(400012);
    await self.start('rest://127.0.0.1:1/');
    const h = self.health();
    expect(E.isRight(h) ? h.right.map((i) => i.endpoints) : []).toEqual([['rest://127.0.0.1:1/']]);
    await self.stop();
    expect(self.health()).toEqual(E.right([]));
    view.close();
    await deps.store.close();
  });

  test('a heartbeat that finds the instance gone registers a fresh one', async () => {
    const deps = makeDeps();
    const view = new InstanceView(deps.store, { tickMs: 0 });
    const self = new SelfRegistration(deps, view, new AlarmRegistry(), { heartbeatMs: 20 });
    await self.start('rest://127.0.0.1:1/');
    const first = self.health();
    const [inst] = E.isRight(first) ? first.right : [];
    const lease = Number(deps.store.get(etcdKey.lease(T, inst.serviceId ?? '', inst.instanceId ?? ''))?.value);
    await deps.store.revokeLease(lease);
    const ids = () => {
      const h = self.health();
      return E.isRight(h) ? h.right.map((i) => i.instanceId) : [];
    };
    for (let i = 0; i < 100 && ids().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(ids()).toHaveLength(1);
    expect(ids()[0]).not.toBe(inst.instanceId);
    await self.stop();
    view.close();
    await deps.store.close();
  });
});
