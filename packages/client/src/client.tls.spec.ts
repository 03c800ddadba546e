import * as fs from 'node:fs';
import type { WatchEvent } from '@service-center/core';
import { ServiceCenterClient } from './client';
import { isScClientError } from './errors';
import type { ClientEvent } from './events';
import { TestServer, eventually } from './__tests__/servers';
import { TestCerts, makeTestCerts } from './__tests__/test-certs';

jest.setTimeout(20_000);

const FAST = { baseMs: 20, maxMs: 200 } as const;

describe('ServiceCenterClient over https', () => {
  let certs: TestCerts;
  let server: TestServer;
  let mtls: TestServer;
  const clients: ServiceCenterClient[] = [];
  const client = (o: Partial<ConstructorParameters<typeof ServiceCenterClient>[0]> = {}) => {
    const c = new ServiceCenterClient({ endpoints: [server.url], backoff: FAST, heartbeat: { intervalMs: 100 }, ...o });
    clients.push(c);
    return c;
  };
  const pem = (file: string) => fs.readFileSync(file, 'utf8');

  beforeAll(async () => {
    certs = makeTestCerts();
    server = await TestServer.start({ tlsCert: certs.serverCert, tlsKey: certs.serverKey }, { heartbeatPingMs: 1000 });
    mtls = await TestServer.start({ tlsCert: certs.serverCert, tlsKey: certs.serverKey, tlsCa: certs.ca, tlsVerifyClient: true });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), mtls?.stop()]);
    certs?.remove();
  });

  test('with tls.ca: calls, the websocket heartbeat and the watch all go over TLS', async () => {
    const events: ClientEvent[] = [];
    const c = client({ tls: { ca: pem(certs.ca) }, heartbeat: { mode: 'websocket', intervalMs: 60_000 }, onEvent: (e) => events.push(e) });
    expect(server.url).toMatch(/^https:/);
    const reg = await c.register({ service: { appId: 'tls', serviceName: 'web', version: '1.0.0' }, instance: { endpoints: ['rest://10.7.0.1:80'] } });
    await eventually(() => events.find((e) => e.type === 'heartbeat-mode' && e.mode === 'websocket'), 5000, 'websocket heartbeat over wss');

    const providers = client({ tls: { ca: Buffer.from(pem(certs.ca)) } });
    const providerId = await providers.registerService({ appId: 'tls', serviceName: 'orders', version: '1.0.0' });
    const q = { appId: 'tls', serviceName: 'orders' };
    expect((await c.discover(q)).instances).toEqual([]); // records web -> orders
    const watched: WatchEvent[] = [];
    const handle = c.watch(reg.serviceId, (e) => watched.push(e));
    await eventually(() => (handle.connected() ? true : undefined), 5000, 'watch over wss');
    const iid = await providers.registerInstance(providerId, { hostName: 'o1', endpoints: ['rest://10.7.0.2:80'] });
    const created = await eventually(() => watched.find((e) => e.action === 'CREATE'), 5000, 'CREATE event');
    expect(created.instance?.instanceId).toBe(iid);
  });

  test('without the CA: the error says the certificate is not trusted and to pass the CA', async () => {
    const c = client({ tls: {} });
    const err = await c.registerService({ appId: 'tls', serviceName: 'x', version: '1.0.0' }).catch((e: unknown) => e);
    expect(isScClientError(err) && err.kind).toBe('network');
    expect(isScClientError(err) && err.tlsProblem).toBe('untrusted');
    expect((err as Error).message).toContain("the server's certificate is not trusted: pass the CA that signed it as the `tls.ca` option");

    const other = client({ tls: { ca: pem(certs.otherCa) } });
    const err2 = await other.registerService({ appId: 'tls', serviceName: 'x', version: '1.0.0' }).catch((e: unknown) => e);
    expect(isScClientError(err2) && err2.tlsProblem).toBe('untrusted');
  });

  test('a watch without the CA reports the untrusted certificate in its disconnect reason', async () => {
    const events: ClientEvent[] = [];
    const c = client({ onEvent: (e) => events.push(e) });
    c.watch('any-consumer', () => undefined);
    const dropped = await eventually(() => events.find((e) => e.type === 'watch-disconnected'), 5000, 'watch disconnect');
    expect(dropped).toMatchObject({ reason: expect.stringContaining('pass the CA that signed it as the `tls.ca` option') });
  });

  test('mTLS: the client certificate is presented; without it the error says to pass tls.cert and tls.key', async () => {
    const withCert = client({ endpoints: [mtls.url], tls: { ca: pem(certs.ca), cert: pem(certs.clientCert), key: pem(certs.clientKey) } });
    expect(await withCert.registerService({ appId: 'tls', serviceName: 'mtls', version: '1.0.0' })).toHaveLength(40);

    const without = client({ endpoints: [mtls.url], tls: { ca: pem(certs.ca) } });
    const err = await without.registerService({ appId: 'tls', serviceName: 'mtls', version: '1.0.0' }).catch((e: unknown) => e);
    expect(isScClientError(err) && err.kind).toBe('network');
    expect(isScClientError(err) && err.tlsProblem).toBe('client-certificate');
    expect((err as Error).message).toContain('alert certificate required');
    expect((err as Error).message).toContain('; the server refused the TLS handshake without a client certificate it trusts: pass `tls.cert` and `tls.key`');
  });
});
