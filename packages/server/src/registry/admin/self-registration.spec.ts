import type { MicroServiceInstance } from '@service-center/core';
import { startTestServer } from '../../__tests__/test-server';

type Instances = { instances?: MicroServiceInstance[] };

async function selfInstances(base: string): Promise<{ health: MicroServiceInstance[]; found: MicroServiceInstance[] }> {
  const health = (await (await fetch(`${base}/v4/default/registry/health`)).json()) as Instances;
  // How java-chassis finds Service-Center's addresses: the SERVICECENTER service of default/default.
  const found = await fetch(`${base}/v4/default/registry/instances?appId=default&serviceName=SERVICECENTER&version=0%2B`, {
    headers: { 'X-ConsumerId': '' },
  });
  expect(found.status).toBe(200);
  return { health: health.instances ?? [], found: ((await found.json()) as Instances).instances ?? [] };
}

describe('the SERVICECENTER instance carries the datacenter and properties settings', () => {
  test('a configured datacenter and properties are in the instance clients discover', async () => {
    const server = await startTestServer({
      datacenterName: 'dc1',
      datacenterRegion: 'cn-north-1',
      datacenterZone: 'cn-north-1a',
      instanceProperties: { engine: 'blue', rack: 'r1' },
    });
    try {
      const { health, found } = await selfInstances(server.url);
      for (const list of [health, found]) {
        expect(list).toHaveLength(1);
        expect(list[0].dataCenterInfo).toEqual({ name: 'dc1', region: 'cn-north-1', availableZone: 'cn-north-1a' });
        expect(list[0].properties).toEqual({ engine: 'blue', rack: 'r1' });
        expect(list[0].endpoints).toEqual([`rest://127.0.0.1:${server.port}/`]);
      }
    } finally {
      await server.stop();
    }
  });

  test('without them the instance has neither', async () => {
    const server = await startTestServer();
    try {
      const { health } = await selfInstances(server.url);
      expect(health).toHaveLength(1);
      expect(health[0].dataCenterInfo).toBeUndefined();
      expect(health[0].properties ?? {}).toEqual({});
    } finally {
      await server.stop();
    }
  });
});
