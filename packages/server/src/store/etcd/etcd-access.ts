import * as fs from 'node:fs';
import * as tls from 'node:tls';
import type { IOptions } from 'etcd3';
import { EtcdAuthenticationFailedError, EtcdPermissionDeniedError } from 'etcd3';
import { TlsFileError, readPem } from '../../http/tls-listener';

/** etcd refused this server's TLS or user settings, or one of their files is unusable; the message says what to fix. */
export class EtcdAccessError extends Error {
  override readonly name = 'EtcdAccessError';
}

/** How this server proves itself to etcd and whom it trusts: file names as configured. */
export type EtcdAccessFiles = Readonly<{
  /** CA bundle of etcd's certificate; empty = the system CAs. */
  ca: string;
  /** Client certificate and key for an etcd with --client-cert-auth; both or neither. */
  cert: string;
  key: string;
  /** etcd user; empty = no authentication. */
  username: string;
  passwordFile: string;
}>;

export const NO_ETCD_ACCESS: EtcdAccessFiles = Object.freeze({ ca: '', cert: '', key: '', username: '', passwordFile: '' });

export type EtcdClientAccess = Pick<IOptions, 'credentials' | 'auth'>;

/**
 * Read the files into the etcd client's options. A missing or unusable file is a
 * TlsFileError naming the flag, before any connection is tried.
 */
export function readEtcdAccess(files: EtcdAccessFiles): EtcdClientAccess {
  const out: { credentials?: IOptions['credentials']; auth?: IOptions['auth'] } = {};
  if (files.ca !== '' || files.cert !== '') {
    const rootCertificate = files.ca !== '' ? readPem('etcd-ca', files.ca) : Buffer.from(tls.rootCertificates.join('\n'));
    const own = files.cert !== '' ? { certChain: readPem('etcd-cert', files.cert), privateKey: readPem('etcd-key', files.key) } : {};
    checkPem(files, rootCertificate, own);
    out.credentials = { rootCertificate, ...own };
  }
  // Without files etcd3 still speaks TLS to https:// hosts, trusting the system CAs.
  if (files.username !== '') out.auth = { username: files.username, password: readPassword(files.passwordFile) };
  return out;
}

function checkPem(files: EtcdAccessFiles, ca: Buffer, own: { certChain?: Buffer; privateKey?: Buffer }): void {
  try {
    tls.createSecureContext({ ca, cert: own.certChain, key: own.privateKey });
  } catch (err) {
    const reason = (err as Error).message;
    throw new TlsFileError(
      /key values mismatch/i.test(reason)
        ? `--etcd-key ${files.key} is not the private key of --etcd-cert ${files.cert}; give the key the certificate was made for`
        : `--etcd-ca / --etcd-cert / --etcd-key: not usable PEM (${reason})`,
    );
  }
}

/** The password file's text without its final line break. */
function readPassword(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new EtcdAccessError(`--etcd-password-file ${file}: cannot read the file (${code}); give a readable file holding the etcd user's password`);
  }
  const password = text.replace(/\r?\n$/, '');
  if (password === '') throw new EtcdAccessError(`--etcd-password-file ${file}: the file is empty; write the etcd user's password in it`);
  return password;
}

/**
 * What to fix when connecting failed because of TLS or the user, from the etcd3 / gRPC error
 * (gRPC keeps only the TLS message, in "Last error: …"); undefined for anything else.
 */
export function etcdAccessReason(err: unknown, endpoints: readonly string[], files: EtcdAccessFiles): string | undefined {
  if (err instanceof EtcdAuthenticationFailedError) {
    return `etcd refused user '${files.username}': wrong user name or password; check --etcd-username and --etcd-password-file`;
  }
  if (err instanceof EtcdPermissionDeniedError) {
    return `etcd user '${files.username}' may not read or write the registry's keys; grant its role readwrite on the key prefix`;
  }
  const text = err instanceof Error ? err.message : String(err);
  if (/user name is empty/.test(text)) return 'etcd has authentication enabled; set --etcd-username and --etcd-password-file';
  const tlsCause = /Last error: (?:Error(?: \[\w+\])?: )?(.*?)(?:\. Resolution note|$)/s.exec(text)?.[1]?.trim() ?? text;
  const where = endpoints.join(',');
  if (/does not match certificate's altnames/.test(text)) {
    return `etcd's certificate is not for the host in --etcd-endpoints ${where} (${tlsCause}); use the name or IP the certificate was issued for`;
  }
  if (/unable to verify|self[- ]signed|issuer certificate|certificate has expired|not yet valid/.test(text)) {
    const fix = files.ca === '' ? 'set --etcd-ca to the CA that signed it (without it only the system CAs are trusted)' : `--etcd-ca ${files.ca} does not hold the CA that signed it`;
    return `etcd's certificate at ${where} is not trusted (${tlsCause}); ${fix}`;
  }
  if (/alert (bad certificate|certificate required|unknown ca|handshake failure|certificate unknown)/.test(text)) {
    return files.cert === ''
      ? `etcd at ${where} requires a client certificate; set --etcd-cert and --etcd-key`
      : `etcd at ${where} refused our client certificate --etcd-cert ${files.cert}; give one signed by the CA etcd trusts (its --trusted-ca-file)`;
  }
  // gRPC's plain HTTP/2 towards a TLS listener: the TCP connect works, the session never starts.
  if (/Last error: Failed to connect/.test(text) && endpoints.every((e) => e.startsWith('http:'))) {
    return `etcd at ${where} dropped the plain-text connection; if it serves TLS, use https:// URLs in --etcd-endpoints (and --etcd-ca)`;
  }
  // A plain etcd answers a TLS hello with garbage or, when busy, by resetting the connection.
  const resetAtHandshake = /read ECONNRESET/.test(text) && endpoints.every((e) => e.startsWith('https:'));
  if (/disconnected before secure TLS connection|wrong version number/.test(text) || resetAtHandshake) {
    return `etcd at ${where} does not speak TLS; use http:// in --etcd-endpoints, or start etcd with --cert-file and --key-file`;
  }
  return undefined;
}
