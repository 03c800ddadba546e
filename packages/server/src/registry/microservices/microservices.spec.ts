import * as E from 'fp-ts/Either';
import pino from 'pino';
import { DEFAULT_TENANT, ScError, Tenant, etcdKey, schemaHashOf, serviceIdOf, serviceKeyOf } from '@service-center/core';
import { DEFAULT_CONFIG, ServerConfig } from '../../config/schema';
import { TenantCensus } from './tenant-census';
import type { RegistryDeps } from '../deps';
import { MemoryKv } from '../../store/memory/memory-kv';
import { localReads } from '../discovery/local-reads';
import { InstanceView } from '../instances/self-preservation';
import { getService, registerService, updateServiceProperties } from './microservices';
import { deleteService } from './delete';
import { putSchema } from '../schemas/schemas';
import { replaceTags, updateTag } from '../tags/tags';
import { putDependencies } from '../dependencies/dependencies';
import { registerInstance } from '../instances/register';

const NOW_MS = 1_700_000_000_123;
const T: Tenant = DEFAULT_TENANT;

function depsWith(store: MemoryKv, config: Partial<ServerConfig> = {}): RegistryDeps {
  return { store, config: { ...DEFAULT_CONFIG, ...config }, clusterName: 'default', log: pino({ level: 'silent' }), now: () => NOW_MS, tenants: new TenantCensus(store) };
}

function right<A>(e: E.Either<ScError, A>): A {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`);
  return e.right;
}

/** Every key of the store, for before/after comparisons. */
const allKeys = (store: MemoryKv) => store.range('/').map((kv) => kv.key);

describe('service layer over the store: key layout, force delete, concurrency', () => {
  let store: MemoryKv;
  let deps: RegistryDeps;
  beforeEach(() => {
    store = new MemoryKv();
    deps = depsWith(store);
  });
  afterEach(async () => {
    await store.close();
  });

  test('register writes the service, index and alias keys in SC layout with unix-second timestamps', async () => {
    const { serviceId } = right(await registerService(deps, T, { service: { serviceName: 'a', appId: 'app', version: '1.0', alias: 'al' } }));
    const key = serviceKeyOf(T, { environment: '', appId: 'app', serviceName: 'a', version: '1.0' });
    expect(serviceId).toBe(serviceIdOf(key));
    expect(store.get(etcdKey.index(key))?.value).toBe(serviceId);
    expect(store.get(etcdKey.alias({ ...key, serviceName: 'al' }))?.value).toBe(serviceId);
    expect(store.get(etcdKey.service(T, serviceId))?.value).toEqual({
      serviceId,
      serviceName: 'a',
      appId: 'app',
      version: '1.0',
      alias: 'al',
      level: 'BACK',
      status: 'UP',
      timestamp: '1700000000',
      modTimestamp: '1700000000',
    });
  });

  test('concurrent registrations of one key create one service and all answer its id', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => registerService(deps, T, { service: { serviceName: 'same' } })));
    const ids = new Set(results.map((r) => right(r).serviceId));
    expect(ids.size).toBe(1);
    expect(store.count(etcdKey.service(T, ''))).toBe(1);
  });

  test('concurrent tag edits and property updates do not lose each other', async () => {
    const { serviceId } = right(await registerService(deps, T, { service: { serviceName: 'tags' } }));
    right(await replaceTags(deps, T, serviceId, { a: 'x', b: 'x', c: 'x' }));
    await Promise.all([
      updateTag(deps, T, serviceId, 'a', 'A'),
      updateTag(deps, T, serviceId, 'b', 'B'),
      updateTag(deps, T, serviceId, 'c', 'C'),
      updateServiceProperties(deps, T, serviceId, { p: 'q' }),
      putSchema(deps, T, serviceId, 's1', { schema: 'one' }),
      putSchema(deps, T, serviceId, 's2', { schema: 'two' }),
    ]);
    expect(store.get(etcdKey.tags(T, serviceId))?.value).toEqual({ a: 'A', b: 'B', c: 'C' });
    const s = store.get(etcdKey.service(T, serviceId))?.value as { properties?: unknown; schemas?: string[] };
    expect(s.properties).toEqual({ p: 'q' });
    expect([...(s.schemas ?? [])].sort()).toEqual(['s1', 's2']);
  });

  test('force delete removes every key of the service, revokes instance leases and its consumer rules', async () => {
    const keysBefore = allKeys(store);
    const provider = right(await registerService(deps, T, { service: { serviceName: 'prov', appId: 'x', version: '1.0.0' } }));
    const consumerKey = { serviceName: 'cons', appId: 'x', version: '1.0.0', alias: 'consAlias' };
    const { serviceId } = right(await registerService(deps, T, { service: { ...consumerKey, schemas: ['s1'] }, tags: { t: 'v' } }));
    right(await putSchema(deps, T, serviceId, 's1', { schema: 'content', summary: 'sum' }));
    const instances = [right(await registerInstance(deps, T, serviceId, { hostName: 'h1' })), right(await registerInstance(deps, T, serviceId, { hostName: 'h2' }))];
    const leases = instances.map((i) => Number(store.get(etcdKey.lease(T, serviceId, i.instanceId))?.value));
    expect(leases.every((l) => store.leaseTtl(l) !== undefined)).toBe(true);
    right(await putDependencies(deps, T, [{ consumer: consumerKey, providers: [{ serviceName: 'prov' }] }], true));
    const deleteEvents: string[] = [];
    store.subscribe((b) => b.events.forEach((e) => e.type === 'DELETE' && deleteEvents.push(e.kv.key)));

    right(await deleteService(deps, T, serviceId, true));

    expect(leases.map((l) => store.leaseTtl(l))).toEqual([undefined, undefined]);
    expect(deleteEvents).toEqual(expect.arrayContaining(instances.map((i) => etcdKey.instance(T, serviceId, i.instanceId))));
    // Only the provider's keys remain (its `p` rule is gone with its only consumer).
    const left = allKeys(store).filter((k) => !keysBefore.includes(k));
    expect(left.sort()).toEqual(
      [etcdKey.service(T, provider.serviceId), etcdKey.index(serviceKeyOf(T, { environment: '', appId: 'x', serviceName: 'prov', version: '1.0.0' }))].sort(),
    );
    expect(store.get(etcdKey.schemaContent(T, schemaHashOf('s1', 'content')))).toBeUndefined();
  });

  test('a schema content shared by two services stays until the last reference goes', async () => {
    const a = right(await registerService(deps, T, { service: { serviceName: 'a' } })).serviceId;
    const b = right(await registerService(deps, T, { service: { serviceName: 'b' } })).serviceId;
    right(await putSchema(deps, T, a, 'shared', { schema: 'same' }));
    right(await putSchema(deps, T, b, 'shared', { schema: 'same' }));
    const contentKey = etcdKey.schemaContent(T, schemaHashOf('shared', 'same'));
    right(await deleteService(deps, T, a, true));
    expect(store.get(contentKey)?.value).toBe('same');
    right(await putSchema(deps, T, b, 'shared', { schema: 'changed' }));
    expect(store.get(contentKey)).toBeUndefined();
    expect(store.get(etcdKey.schemaContent(T, schemaHashOf('shared', 'changed')))?.value).toBe('changed');
  });

  test('deleting a service removes its alias key, but not one that points at another service', async () => {
    const aliasKeyOf = (alias: string) => etcdKey.alias(serviceKeyOf(T, { environment: '', appId: 'default', serviceName: alias, version: '0.0.1' }));
    const a = right(await registerService(deps, T, { service: { serviceName: 'a', alias: 'aa' } })).serviceId;
    right(await deleteService(deps, T, a, false));
    expect(store.get(aliasKeyOf('aa'))).toBeUndefined();
    // Inconsistent data (e.g. restored from elsewhere): the alias key names another service.
    const b = right(await registerService(deps, T, { service: { serviceName: 'b', alias: 'bb' } })).serviceId;
    await store.txn({ success: [{ kind: 'put', key: aliasKeyOf('bb'), value: 'someone-else' }] });
    right(await deleteService(deps, T, b, false));
    expect(store.get(aliasKeyOf('bb'))?.value).toBe('someone-else');
  });

  test('empty ids are 400001 on every by-id function (not reachable over HTTP)', async () => {
    const codes = [
      getService(localReads(deps.store, new InstanceView(deps.store, { tickMs: 0 })), T, ''),
      await deleteService(deps, T, '', true),
      await updateServiceProperties(deps, T, '', {}),
      await replaceTags(deps, T, '', {}),
      await putSchema(deps, T, '', 's', { schema: 'x' }),
      await putSchema(deps, T, 'id', '', { schema: 'x' }),
    ].map((r) => (E.isLeft(r) ? r.left.code : 'ok'));
    expect(codes).toEqual([400001, 400001, 400001, 400001, 400001, 400001]);
  });

  test('the service quota (50000 per tenant) gives 400100; SC itself skips it', async () => {
    const fill = Array.from({ length: 50000 }, (_, i) => ({ kind: 'put' as const, key: etcdKey.service(T, `filler${i}`), value: {} }));
    await store.txn({ success: fill });
    const r = await registerService(deps, T, { service: { serviceName: 'onemore' } });
    expect(E.isLeft(r) && r.left.code).toBe(400100);
    const other = await registerService(deps, { domain: 'other', project: 'p' }, { service: { serviceName: 'onemore' } });
    expect(E.isRight(other)).toBe(true);
    const self = await registerService(deps, T, { service: { serviceName: 'SERVICECENTER' } }, { skipQuota: true });
    expect(E.isRight(self)).toBe(true);
  });

  test('a failing store write becomes 500011, not a throw', async () => {
    const { serviceId } = right(await registerService(deps, T, { service: { serviceName: 'closing' } }));
    await store.close();
    const r = await replaceTags(deps, T, serviceId, { a: 'b' });
    expect(E.isLeft(r) && r.left.code).toBe(500011);
  });
});

describe('quotas and the tenant cap', () => {
  const code = <A>(r: E.Either<ScError, A>) => (E.isLeft(r) ? r.left.code : 0);
  const tenant = (project: string): Tenant => ({ domain: 'default', project });

  test('--quota-services, --quota-schemas and --quota-tags are what the registry enforces', async () => {
    const deps = depsWith(new MemoryKv({ sweepMs: 0 }), { quotaServices: 2, quotaSchemas: 1, quotaTags: 2 });
    const { serviceId } = right(await registerService(deps, T, { service: { serviceName: 'q1' } }));
    right(await registerService(deps, T, { service: { serviceName: 'q2' } }));
    const third = await registerService(deps, T, { service: { serviceName: 'q3' } });
    expect(code(third)).toBe(400100);
    expect(E.isLeft(third) && third.left.detail).toMatch(/--quota-services/);
    // The schema cap bounds the register validator as in Service-Center.
    expect(code(await registerService(deps, tenant('p'), { service: { serviceName: 's', schemas: ['a', 'b'] } }))).toBe(400001);
    right(await putSchema(deps, T, serviceId, 'one', { schema: 'x' }));
    expect(code(await putSchema(deps, T, serviceId, 'two', { schema: 'y' }))).toBe(400100);
    expect(code(await replaceTags(deps, T, serviceId, { a: 'v1', b: 'v2', c: 'v3' }))).toBe(400001);
    right(await replaceTags(deps, T, serviceId, { a: 'v1', b: 'v2' }));
  });

  test('--max-tenants: a new tenant beyond the cap is refused 400100; existing ones keep registering; a freed tenant makes room', async () => {
    const store = new MemoryKv({ sweepMs: 0 });
    const deps = depsWith(store, { maxTenants: 2 });
    const a = right(await registerService(deps, tenant('a'), { service: { serviceName: 'x' } })).serviceId;
    right(await registerService(deps, tenant('b'), { service: { serviceName: 'x' } }));
    const refused = await registerService(deps, tenant('c'), { service: { serviceName: 'x' } });
    expect(code(refused)).toBe(400100);
    expect(E.isLeft(refused) && refused.left.detail).toMatch(/--max-tenants/);
    right(await registerService(deps, tenant('a'), { service: { serviceName: 'y' } }));
    right(await deleteService(deps, tenant('a'), a, true));
    // Tenant a still holds service y: no room yet.
    expect(code(await registerService(deps, tenant('c'), { service: { serviceName: 'x' } }))).toBe(400100);
    const y = right(await registerService(deps, tenant('a'), { service: { serviceName: 'w' } })).serviceId;
    for (const s of store.range(`/cse-sr/ms/files/default/a/`)) right(await deleteService(deps, tenant('a'), (s.value as { serviceId: string }).serviceId, true));
    expect(y).not.toBe('');
    right(await registerService(deps, tenant('c'), { service: { serviceName: 'x' } }));
    // A census rebuilt from the store (a restart, another replica) agrees.
    expect(new TenantCensus(store).count()).toBe(2);
  });
});
