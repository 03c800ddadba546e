import * as https from 'node:https';
import * as tls from 'node:tls';

/**
 * TLS towards `https://` servers, as PEM contents (not file paths: the application reads its
 * files, or gets them from a secret store, and the SDK does no file I/O). `ca` is trusted in
 * addition to the system CAs; `cert` and `key` are presented when a server asks for a client
 * certificate (mTLS).
 */
export type TlsOptions = Readonly<{
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
}>;

/** What went wrong in a TLS handshake, for a message that says what to pass. */
export type TlsProblem = 'untrusted' | 'hostname' | 'client-certificate' | 'not-tls';

/** The options Node's https and ws take for a TLS connection. */
export function tlsConnectOptions(options: TlsOptions | undefined): tls.ConnectionOptions {
  if (!options) return {};
  return {
    ...(options.ca !== undefined ? { ca: [...tls.rootCertificates, options.ca.toString()] } : {}),
    ...(options.cert !== undefined ? { cert: options.cert } : {}),
    ...(options.key !== undefined ? { key: options.key } : {}),
  };
}

/** One keep-alive agent for every https call of a client (its CA and client certificate). */
export function httpsAgentOf(options: TlsOptions | undefined): https.Agent {
  return new https.Agent({ keepAlive: true, ...tlsConnectOptions(options) });
}

const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/** The TLS problem behind a connection failure's error code, if it is one. */
export function tlsProblemOf(code: string | undefined): TlsProblem | undefined {
  if (!code) return undefined;
  if (UNTRUSTED.has(code)) return 'untrusted';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'hostname';
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') return 'not-tls';
  if (/^ERR_SSL_.*(CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|UNKNOWN_CA|BAD_CERTIFICATE)/.test(code)) return 'client-certificate';
  return undefined;
}

/** What the SDK user does about each problem (scctl says it with its flags). */
export const TLS_FIXES: Readonly<Record<TlsProblem, string>> = {
  untrusted: "the server's certificate is not trusted: pass the CA that signed it as the `tls.ca` option",
  hostname: "the server's certificate is not for this host name: use the name or IP address the certificate was made for",
  'client-certificate': 'the server refused the TLS handshake without a client certificate it trusts: pass `tls.cert` and `tls.key`',
  'not-tls': 'the server does not speak TLS at this address: use http:// for it',
};
