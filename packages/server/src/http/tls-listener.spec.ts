import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { WebSocket } from 'ws';
import { startTestServer } from '../__tests__/test-server';
import { TestCerts, makeTestCerts } from '../__tests__/test-certs';
import { httpsCall, servedCommonName, tlsClientOptions } from '../__tests__/https-call';
import { TlsFileError } from './tls-listener';

let certs: TestCerts;
beforeAll(() => {
  certs = makeTestCerts();
});
afterAll(() => certs.remove());

const tlsConfig = () => ({ tlsCert: certs.serverCert, tlsKey: certs.serverKey, tlsCa: certs.ca });

function plainGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
}

function tlsHandshake(options: tls.ConnectionOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', servername: 'localhost', ...options }, () => {
      const version = socket.getProtocol() ?? '';
      // A refused client certificate (TLS 1.3) arrives as an alert after the handshake: read once.
      socket.once('data', () => undefined);
      socket.write('GET /v4/default/registry/version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      socket.once('end', () => resolve(version));
    });
    socket.on('error', reject);
  });
}

describe('HTTPS listener', () => {
  it('serves HTTPS only: the URL says https, a plain-HTTP request is not served, TLS 1.1 is refused', async () => {
    const s = await startTestServer(tlsConfig());
    try {
      expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const ok = await httpsCall(`${s.url}/v4/default/registry/version`, { ca: certs.ca });
      expect(ok.status).toBe(200);
      await expect(plainGet(`http://127.0.0.1:${s.port}/v4/default/registry/version`)).rejects.toThrow();
      await expect(
        tlsHandshake({ port: s.port, ca: fs.readFileSync(certs.ca), minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }),
      ).rejects.toThrow();
      await expect(tlsHandshake({ port: s.port, ca: fs.readFileSync(certs.ca) })).resolves.toBe('TLSv1.3');
      const clusters = JSON.parse((await httpsCall(`${s.url}/v4/default/admin/clusters`, { ca: certs.ca })).body) as { clusters: Record<string, string[]> };
      expect(Object.values(clusters.clusters).flat()).toContain(s.url);
    } finally {
      await s.stop();
    }
  });

  it('minVersion TLSv1.3 refuses a TLS 1.2 client', async () => {
    const s = await startTestServer({ ...tlsConfig(), tlsMinVersion: 'TLSv1.3' });
    try {
      await expect(tlsHandshake({ port: s.port, ca: fs.readFileSync(certs.ca), maxVersion: 'TLSv1.2' })).rejects.toThrow();
      await expect(tlsHandshake({ port: s.port, ca: fs.readFileSync(certs.ca) })).resolves.toBe('TLSv1.3');
    } finally {
      await s.stop();
    }
  });

  it('serves the watch websocket over wss', async () => {
    const s = await startTestServer(tlsConfig());
    try {
      const created = await httpsCall(`${s.url}/v4/default/registry/microservices`, { ca: certs.ca }, {
        method: 'POST',
        body: { service: { appId: 'tls', serviceName: 'watcher', version: '1.0.0' } },
      });
      expect(created.status).toBe(200);
      const { serviceId } = JSON.parse(created.body) as { serviceId: string };
      const wsUrl = `${s.url.replace(/^https/, 'wss')}/v4/default/registry/microservices/${serviceId}/watcher`;
      const ws = new WebSocket(wsUrl, tlsClientOptions({ ca: certs.ca }));
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      ws.close();
    } finally {
      await s.stop();
    }
  });

  it('with --tls-verify-client refuses a client without a certificate and serves one with', async () => {
    const s = await startTestServer({ ...tlsConfig(), tlsVerifyClient: true });
    try {
      await expect(httpsCall(`${s.url}/v4/default/registry/version`, { ca: certs.ca })).rejects.toThrow();
      const other = { ca: certs.ca, cert: certs.untrustedCert, key: certs.untrustedKey };
      await expect(httpsCall(`${s.url}/v4/default/registry/version`, other)).rejects.toThrow();
      const ok = await httpsCall(`${s.url}/v4/default/registry/version`, { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey });
      expect(ok.status).toBe(200);
    } finally {
      await s.stop();
    }
  });

  it('re-reads rotated files on reload and on file change; a bad file keeps the old certificate', async () => {
    const cert = path.join(certs.dir, 'live.pem');
    const key = path.join(certs.dir, 'live.key');
    fs.copyFileSync(certs.serverCert, cert);
    fs.copyFileSync(certs.serverKey, key);
    const s = await startTestServer({ tlsCert: cert, tlsKey: key, tlsCa: certs.ca });
    try {
      expect(await servedCommonName(s.port, certs.ca)).toBe('server');
      const second = certs.issue('server-2', 'server');
      fs.copyFileSync(second.cert, cert);
      fs.copyFileSync(second.key, key);
      await s.reload(); // what SIGHUP does
      expect(await servedCommonName(s.port, certs.ca)).toBe('server-2');

      fs.writeFileSync(cert, 'not a certificate');
      await s.reload();
      expect(await servedCommonName(s.port, certs.ca)).toBe('server-2');

      // Replaced on disk, no signal: the watcher picks it up.
      const third = certs.issue('server-3', 'server');
      fs.copyFileSync(third.key, key);
      fs.copyFileSync(third.cert, cert);
      while ((await servedCommonName(s.port, certs.ca)) !== 'server-3') await new Promise((r) => setTimeout(r, 200));
    } finally {
      await s.stop();
    }
  });

  it('refuses to start with a missing file or a key that does not match the certificate, saying what to fix', async () => {
    await expect(startTestServer({ ...tlsConfig(), tlsCert: path.join(certs.dir, 'nope.pem') })).rejects.toThrow(
      new TlsFileError(`--tls-cert ${path.join(certs.dir, 'nope.pem')}: cannot read the file (ENOENT); give a readable PEM file`),
    );
    await expect(startTestServer({ ...tlsConfig(), tlsKey: certs.clientKey })).rejects.toThrow(/is not the private key of --tls-cert/);
  });
});
