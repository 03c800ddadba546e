// The same generator as the server's tests (packages/server/src/__tests__/test-certs.ts): the client
// tests cannot import a file the server package does not export.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type TestCerts = Readonly<{
  dir: string;
  /** The CA that signs the server and client certificates. */
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A CA nobody trusts, and a server certificate it signed. */
  otherCa: string;
  untrustedCert: string;
  untrustedKey: string;
  /** Make one more certificate signed by the trusted CA (for rotation tests). */
  issue(name: string, kind: 'server' | 'client'): { cert: string; key: string };
  remove(): void;
}>;

function openssl(dir: string, args: readonly string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

function makeCa(dir: string, name: string): void {
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.pem`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
}

function issue(dir: string, ca: string, name: string, kind: 'server' | 'client'): { cert: string; key: string } {
  const ext = path.join(dir, `${name}.ext`);
  fs.writeFileSync(
    ext,
    kind === 'server'
      ? 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n'
      : 'extendedKeyUsage=clientAuth\n',
  );
  openssl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${name}`,
    '-keyout', `${name}.key`, '-out', `${name}.csr`]);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial',
    '-days', '1', '-extfile', ext, '-out', `${name}.pem`]);
  return { cert: path.join(dir, `${name}.pem`), key: path.join(dir, `${name}.key`) };
}

/** A trusted CA with a server certificate (127.0.0.1, localhost) and a client one, plus an untrusted CA, in a temp dir. */
export function makeTestCerts(): TestCerts {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-certs-'));
  makeCa(dir, 'ca');
  makeCa(dir, 'other-ca');
  const server = issue(dir, 'ca', 'server', 'server');
  const client = issue(dir, 'ca', 'client', 'client');
  const untrusted = issue(dir, 'other-ca', 'untrusted', 'server');
  return {
    dir,
    ca: path.join(dir, 'ca.pem'),
    serverCert: server.cert,
    serverKey: server.key,
    clientCert: client.cert,
    clientKey: client.key,
    otherCa: path.join(dir, 'other-ca.pem'),
    untrustedCert: untrusted.cert,
    untrustedKey: untrusted.key,
    issue: (name, kind) => issue(dir, 'ca', name, kind),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
