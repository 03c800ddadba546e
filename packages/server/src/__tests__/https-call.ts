import * as fs from 'node:fs';
import * as https from 'node:https';
import * as tls from 'node:tls';

export type TlsClientFiles = Readonly<{ ca?: string; cert?: string; key?: string }>;

const read = (file: string | undefined) => (file ? fs.readFileSync(file) : undefined);

export function tlsClientOptions(files: TlsClientFiles): tls.ConnectionOptions {
  return { ca: read(files.ca), cert: read(files.cert), key: read(files.key) };
}

/** One HTTPS request with the given trust and client certificate; resolves with status and body. */
export function httpsCall(
  url: string,
  files: TlsClientFiles,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method: init.method ?? 'GET', headers: { 'content-type': 'application/json', ...init.headers }, agent: false, ...tlsClientOptions(files) },
      (res) => {
        let body = '';
        res.on('data', (b: Buffer) => (body += b.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(init.body === undefined ? undefined : JSON.stringify(init.body));
  });
}

/** The subject CN of the certificate a TLS server presents now. */
export function servedCommonName(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca: fs.readFileSync(ca), servername: 'localhost' }, () => {
      const cn = socket.getPeerCertificate().subject.CN;
      socket.end();
      resolve(Array.isArray(cn) ? cn.join(',') : (cn ?? ''));
    });
    socket.on('error', reject);
  });
}
