import { freePort } from '../../__tests__/free-port';
import { TestCerts, makeTestCerts } from '../../__tests__/test-certs';
import { httpsCall } from '../../__tests__/https-call';
import { startTestServer } from '../../__tests__/test-server';
import { peerTransportReason } from './peer-tls';

let certs: TestCerts;
beforeAll(() => {
  certs = makeTestCerts();
});
afterAll(() => certs.remove());

const fast = { syncInterval: 1, peerTimeout: 2 };
const options = { federation: { pollWaitMs: 500, tickMs: 100 } };

async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Sources = { sources: { cluster: string; peer?: { lastError?: { url: string; reason: string } } }[] };

describe('peers over https', () => {
  test('two servers requiring client certificates federate: a service registered in one is found with global=true in the other', async () => {
    const [p1, p2] = [await freePort(), await freePort()];
    const tls = { tlsCert: certs.serverCert, tlsKey: certs.serverKey, tlsCa: certs.ca, tlsVerifyClient: true };
    const own = { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey };
    const sc2 = await startTestServer({ clusterName: 'sc2', port: p2, clusters: [{ name: 'sc1', urls: [`https://127.0.0.1:${p1}`] }], ...tls, ...fast }, options);
    const sc1 = await startTestServer({ clusterName: 'sc1', port: p1, clusters: [{ name: 'sc2', urls: [`https://127.0.0.1:${p2}`] }], ...tls, ...fast }, options);
    try {
      const created = await httpsCall(`${sc2.url}/v4/default/registry/microservices`, own, {
        method: 'POST',
        body: { service: { appId: 'tls', serviceName: 'orders', version: '1.0.0' } },
      });
      const { serviceId } = JSON.parse(created.body) as { serviceId: string };
      const registered = await httpsCall(`${sc2.url}/v4/default/registry/microservices/${serviceId}/instances`, own, {
        method: 'POST',
        body: { instance: { hostName: 'h1', endpoints: ['rest://10.0.0.1:8080'] } },
      });
      expect(registered.status).toBe(200);
      const found = await eventually(async () => {
        const r = await httpsCall(`${sc1.url}/v4/default/registry/instances?appId=tls&serviceName=orders&global=true`, own);
        const body = JSON.parse(r.body) as { instances?: { hostName: string }[] };
        return r.status === 200 && (body.instances?.length ?? 0) > 0 ? body.instances : undefined;
      });
      expect(found.map((i) => i.hostName)).toEqual(['h1']);
    } finally {
      await sc1.stop();
      await sc2.stop();
    }
  });

  test('a peer whose certificate our CA did not sign: the TLS cause in /admin/sources, the alarm, and no data', async () => {
    const sc2 = await startTestServer({ clusterName: 'sc2', tlsCert: certs.untrustedCert, tlsKey: certs.untrustedKey });
    const sc1 = await startTestServer(
      { clusterName: 'sc1', clusters: [{ name: 'sc2', urls: [sc2.url] }], tlsCert: certs.serverCert, tlsKey: certs.serverKey, tlsCa: certs.ca, ...fast },
      options,
    );
    const trust = { ca: certs.ca };
    try {
      const reason = await eventually(async () => {
        const r = JSON.parse((await httpsCall(`${sc1.url}/v4/default/admin/sources`, trust)).body) as Sources;
        return r.sources.find((s) => s.cluster === 'sc2')?.peer?.lastError?.reason;
      });
      expect(reason).toBe("certificate verify failed: unable to verify the first certificate; set --tls-ca to the peer's CA");
      const alarms = await eventually(async () => {
        const r = JSON.parse((await httpsCall(`${sc1.url}/v4/default/admin/alarms`, trust)).body) as { alarms?: { id: string; fields: { detail: string } }[] };
        return r.alarms?.find((a) => a.id === 'BackendConnectionRefuse');
      });
      expect(alarms.fields.detail).toMatch(/sc2/);
      const r = JSON.parse((await httpsCall(`${sc1.url}/v4/default/registry/microservices?global=true`, trust)).body) as { services?: { environment?: string }[] };
      expect(r.services?.filter((s) => JSON.stringify(s).includes('sc2')) ?? []).toEqual([]);
    } finally {
      await sc1.stop();
      await sc2.stop();
    }
  });

  /** sc1 trusts our CA and presents its server certificate; sc2 is the failing peer. Its reason, the alarm, and no plain-HTTP retry. */
  async function failingPeer(sc2Tls: Record<string, unknown>): Promise<string> {
    const sc2 = await startTestServer({ clusterName: 'sc2', ...sc2Tls });
    const sc1 = await startTestServer(
      { clusterName: 'sc1', clusters: [{ name: 'sc2', urls: [sc2.url] }], tlsCert: certs.serverCert, tlsKey: certs.serverKey, tlsCa: certs.ca, ...fast },
      options,
    );
    const trust = { ca: certs.ca };
    try {
      expect(sc2.url).toMatch(/^https:/);
      const lastError = await eventually(async () => {
        const r = JSON.parse((await httpsCall(`${sc1.url}/v4/default/admin/sources`, trust)).body) as Sources;
        return r.sources.find((s) => s.cluster === 'sc2')?.peer?.lastError;
      });
      // No fallback to plain HTTP: what failed is the https URL itself.
      expect(lastError.url.startsWith(`${sc2.url}/`)).toBe(true);
      const alarm = await eventually(async () => {
        const r = JSON.parse((await httpsCall(`${sc1.url}/v4/default/admin/alarms`, trust)).body) as { alarms?: { id: string; fields: { detail: string } }[] };
        return r.alarms?.find((a) => a.id === 'BackendConnectionRefuse');
      });
      expect(alarm.fields.detail).toMatch(/sc2/);
      return lastError.reason;
    } finally {
      await sc1.stop();
      await sc2.stop();
    }
  }

  test('a peer whose certificate is for another hostname: the hostname mismatch in /admin/sources and the alarm', async () => {
    const elsewhere = certs.issue('peer-elsewhere', 'server', { altNames: 'DNS:sc2.elsewhere.example' });
    const reason = await failingPeer({ tlsCert: elsewhere.cert, tlsKey: elsewhere.key });
    expect(reason).toBe("certificate verify failed: hostname does not match the peer's certificate; use the name or IP the peer's certificate is for");
  });

  test('a peer whose certificate has expired: says so and what to renew', async () => {
    const expired = certs.issue('peer-expired', 'server', { days: -1 });
    const reason = await failingPeer({ tlsCert: expired.cert, tlsKey: expired.key });
    expect(reason).toBe("certificate verify failed: certificate has expired; renew the peer's certificate (or check the clocks of both hosts)");
  });

  test('a peer that does not trust our client certificate: says the peer refused it', async () => {
    const reason = await failingPeer({ tlsCert: certs.serverCert, tlsKey: certs.serverKey, tlsCa: certs.otherCa, tlsVerifyClient: true });
    expect(reason).toBe(
      'the peer closed the connection before answering; an https peer requiring client certificates does so when its --tls-ca does not trust our --tls-cert',
    );
  });
});

describe('peerTransportReason', () => {
  test.each([
    ['CERT_NOT_YET_VALID', 'x', "certificate verify failed: certificate is not yet valid; check the clocks of both hosts (or wait until the peer's certificate is valid)"],
    // A Go peer (Service-Center) sends an alert instead of hanging up.
    ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'x', 'the peer refused our TLS client certificate (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED); set --tls-cert/--tls-key to a certificate its CA signed'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'],
  ])('%s', (code, message, reason) => {
    expect(peerTransportReason(code, message)).toBe(reason);
  });
});
