import * as fs from 'node:fs';
import type * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';

export type TlsFiles = Readonly<{
  cert: string;
  key: string;
  /** Empty: no CA of our own (clients are not verified). */
  ca: string;
  verifyClient: boolean;
  minVersion: 'TLSv1.2' | 'TLSv1.3';
}>;

/** Forward-secret AEAD suites only (TLS 1.3 suites are always on and all modern). */
const MODERN_CIPHERS = [
  'TLS_AES_256_GCM_SHA384',
  'TLS_AES_128_GCM_SHA256',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

/** A TLS setting a user must fix; the message names the flag and the file. */
export class TlsFileError extends Error {
  override readonly name = 'TlsFileError';
}

/** A PEM file a flag names; a missing or unreadable one is a TlsFileError naming both. */
export function readPem(flag: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new TlsFileError(`--${flag} ${file}: cannot read the file (${code}); give a readable PEM file`);
  }
}

/** Read the files and check they form a usable context (key matches cert, PEM parses). */
export function secureContextOptions(files: TlsFiles): tls.SecureContextOptions {
  const options: tls.SecureContextOptions = {
    cert: readPem('tls-cert', files.cert),
    key: readPem('tls-key', files.key),
    ...(files.ca !== '' ? { ca: readPem('tls-ca', files.ca) } : {}),
    minVersion: files.minVersion,
    ciphers: MODERN_CIPHERS,
  };
  try {
    tls.createSecureContext(options);
  } catch (err) {
    const reason = (err as Error).message;
    const hint = /key values mismatch/i.test(reason)
      ? `--tls-key ${files.key} is not the private key of --tls-cert ${files.cert}; give the key the certificate was made for`
      : `--tls-cert ${files.cert} / --tls-key ${files.key}${files.ca !== '' ? ` / --tls-ca ${files.ca}` : ''}: not usable PEM (${reason})`;
    throw new TlsFileError(hint);
  }
  return options;
}

/** An HTTPS server speaking only TLS (a plain-HTTP request gets no answer), mTLS when asked. */
export function createTlsServer(files: TlsFiles, handler: http.RequestListener, options: https.ServerOptions = {}): https.Server {
  return https.createServer(
    {
      ...options,
      ...secureContextOptions(files),
      requestCert: files.verifyClient,
      rejectUnauthorized: files.verifyClient,
      honorCipherOrder: true,
    },
    handler,
  );
}

/**
 * Re-read the files into the running server (rotation without restart): on `reload()` and
 * whenever one of them changes on disk. A bad new file is reported and the old context kept.
 */
export function watchTlsFiles(
  server: https.Server,
  files: TlsFiles,
  report: (outcome: { ok: true } | { ok: false; reason: string }) => void,
): { reload(): void; close(): void } {
  const reload = () => {
    try {
      server.setSecureContext(secureContextOptions(files));
      report({ ok: true });
    } catch (err) {
      report({ ok: false, reason: (err as Error).message });
    }
  };
  const paths = [files.cert, files.key, files.ca].filter((f) => f !== '');
  // watchFile polls the path, so a file replaced by rename (the usual rotation) is still seen.
  const onChange = (now: fs.Stats, before: fs.Stats) => {
    if (now.mtimeMs !== before.mtimeMs || now.size !== before.size || now.ino !== before.ino) reload();
  };
  for (const p of paths) fs.watchFile(p, { interval: 1000, persistent: false }, onChange);
  return {
    reload,
    close: () => {
      for (const p of paths) fs.unwatchFile(p, onChange);
    },
  };
}
