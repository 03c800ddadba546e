// Runnable: `node packages/client/dist/examples/quick-start.js http://127.0.0.1:30100 [more addresses]`
import { ServiceCenterClient, closeOnSignal } from '@service-center/client';

export async function main(endpoints: string[], log: (line: string) => void = console.log): Promise<ServiceCenterClient> {
  const client = new ServiceCenterClient({
    endpoints, // failover in this order
    locality: { cluster: 'sc1', region: 'eu', zone: 'eu-1' }, // where this process runs
    onEvent: (e) => log(`event: ${e.type}`),
  });

  // Register "orders" and one instance of it; heartbeats keep it alive until close().
  const me = await client.register({
    service: { appId: 'shop', serviceName: 'orders', version: '1.0.0' },
    instance: {
      hostName: 'orders-1',
      endpoints: ['rest://127.0.0.1:8080'],
      dataCenterInfo: { name: 'dc1', region: 'eu', availableZone: 'eu-1' },
    },
  });
  log(`registered orders: service ${me.serviceId}, instance ${me.instanceId}`);

  // Find "orders" in every cluster, best first (same cluster, then same zone, ...).
  const found = await client.discover({ appId: 'shop', serviceName: 'orders', global: true });
  for (const d of found.instances) {
    log(`${d.instance.endpoints?.join(',')} from ${d.origin ?? 'this cluster'} (${d.tier}${d.stale ? ', stale' : ''})`);
  }

  // Hear about changes of the services this one discovers.
  client.watch(me.serviceId, (e) => log(`watch: ${e.action} ${e.key?.serviceName} ${e.instance?.instanceId}`));
  return client;
}

if (require.main === module) {
  main(process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['http://127.0.0.1:30100'])
    .then((client) => closeOnSignal(client)) // unregister on SIGTERM / SIGINT, then exit
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
