import { ServiceCenterClient } from './client';
import { TestServer, api, registerInstance, registerService } from './__tests__/servers';

describe('ServiceCenterClient govern reads', () => {
  let server: TestServer;
  let client: ServiceCenterClient;
  let cart: string;
  beforeAll(async () => {
    server = await TestServer.start();
    client = new ServiceCenterClient({ endpoints: [server.url] });
    cart = await registerService(server.url, { appId: 'shop', serviceName: 'cart', version: '1.0.0', properties: { team: 'a', pci: '' } });
    await registerService(server.url, { appId: 'bank', serviceName: 'pay', version: '1.0.0' });
    await registerService(server.url, { appId: 'ops', serviceName: 'audit', version: '1.0.0', environment: 'production' });
    await registerInstance(server.url, cart, { hostName: 'cart-1', endpoints: ['rest://10.0.0.1:80'] });
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  test('getAllApplications: the appIds of an environment, Service-Center on request', async () => {
    expect(await client.getAllApplications()).toEqual(['bank', 'shop']);
    expect(await client.getAllApplications({ env: 'production' })).toEqual(['ops']);
    expect(await client.getAllApplications({ withShared: true })).toEqual(['bank', 'default', 'shop']);
    expect(await client.getAllApplications({ global: true })).toEqual(['bank', 'shop']);
    expect(await client.getAllApplications({ env: 'testing' })).toEqual([]);
  });

  test('governServices: options, filters and counts', async () => {
    const all = await client.governServices({ options: ['instances', 'statistics'] });
    expect(all.statistics).toEqual({ services: { count: 3, onlineCount: 1 }, instances: { count: 1, countByDomain: 1 }, apps: { count: 3 } });
    expect(all.allServicesDetail?.find((d) => d.microService?.serviceId === cart)?.instances).toHaveLength(1);
    const filtered = await client.governServices({ properties: { team: 'a', pci: '' }, appId: 'shop' });
    expect(filtered.allServicesDetail?.map((d) => d.microService?.serviceName)).toEqual(['cart']);
    const counted = await client.governServices({ options: ['instances'], countOnly: true, serviceName: 'cart' });
    expect(counted.allServicesDetail?.[0]?.statics).toEqual({ instances: { count: 1 } });
    expect(await client.governServices({ appId: 'none' })).toEqual({});
    // The same bytes as the route itself.
    expect((await api(server.url, 'GET', '/v4/default/govern/microservices?appId=shop')).body).toEqual(await client.governServices({ appId: 'shop' }));
  });
});
