// A small registry for the govern contract tests, registered through the public API.
import { REG, TestServer, call, createService } from './services-client';

export const GOV = '/v4/default/govern';

export type ShopIds = Readonly<{ cart1: string; cart2: string; pay: string; audit: string; cartInstance: string; payInstances: readonly string[] }>;

async function ok(server: TestServer, method: string, path: string, body: unknown): Promise<unknown> {
  const r = await call(server, method, path, { body });
  if (r.status !== 200) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
  return r.json;
}

async function instance(server: TestServer, serviceId: string, hostName: string, properties: Record<string, string>): Promise<string> {
  const body = { instance: { hostName, endpoints: [`rest://10.0.0.1:${8000 + hostName.length}`], status: 'UP', properties } };
  return ((await ok(server, 'POST', `${REG}/microservices/${serviceId}/instances`, body)) as { instanceId: string }).instanceId;
}

/**
 * shop/cart 1.0.0 (one instance, tags, an uploaded schema, depends on bank/pay) and 1.1.0 (no
 * instance), bank/pay 1.0.0 (two instances) and ops/audit 1.0.0 in `production` (none).
 * `prefix` keeps the names of two servers' data apart.
 */
export async function seedShop(server: TestServer, prefix = ''): Promise<ShopIds> {
  const cart1 = await createService(server, { appId: `${prefix}shop`, serviceName: 'cart', version: '1.0.0', schemas: ['s1'], properties: { team: 'a' } });
  const cart2 = await createService(server, { appId: `${prefix}shop`, serviceName: 'cart', version: '1.1.0' });
  const pay = await createService(server, { appId: `${prefix}bank`, serviceName: 'pay', version: '1.0.0', properties: { team: 'b', pci: '' } });
  const audit = await createService(server, { appId: `${prefix}ops`, serviceName: 'audit', version: '1.0.0', environment: 'production' });
  const cartInstance = await instance(server, cart1, 'cart-a', { zone: 'z1', engine: 'blue' });
  const payInstances = [await instance(server, pay, 'pay-a', { zone: 'z1' }), await instance(server, pay, 'pay-b', {})];
  await ok(server, 'POST', `${REG}/microservices/${cart1}/tags`, { tags: { tier: 'gold' } });
  await ok(server, 'PUT', `${REG}/microservices/${cart1}/schemas/s1`, { schema: 'openapi: 3.0.0', summary: 'sum1' });
  await ok(server, 'PUT', `${REG}/dependencies`, {
    dependencies: [{ consumer: { appId: `${prefix}shop`, serviceName: 'cart', version: '1.0.0' }, providers: [{ appId: `${prefix}bank`, serviceName: 'pay' }] }],
  });
  return { cart1, cart2, pay, audit, cartInstance, payInstances };
}

export type GovernDetail = Readonly<{
  microService: { serviceId: string; serviceName?: string; version?: string; schemas?: string[] };
  instances?: { instanceId: string; properties?: Record<string, string> }[];
  schemaInfos?: { schemaId: string; summary?: string; schema?: string }[];
  providers?: { serviceId: string }[];
  consumers?: { serviceId: string }[];
  tags?: Record<string, string>;
  microServiceVersions?: string[];
  statics?: { instances?: { count?: number } };
  'x-sc-origin-clusters'?: string[];
}>;

export type GovernList = Readonly<{ allServicesDetail?: GovernDetail[]; statistics?: unknown }>;

/** The details of a list answer by serviceId. */
export function detailsById(body: unknown): Map<string, GovernDetail> {
  return new Map(((body as GovernList).allServicesDetail ?? []).map((d) => [d.microService.serviceId, d]));
}
