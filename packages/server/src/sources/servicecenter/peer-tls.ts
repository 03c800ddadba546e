import * as fs from 'node:fs';
import * as tls from 'node:tls';
import { Agent } from 'undici';
import type { ServerConfig } from '../../config/schema';

/**
 * The fetch towards `https://` peers: verified against `--tls-ca` (or the peer's own `ca`) plus the system CAs, and
 * presenting our `--tls-cert` when a peer asks for a client certificate. The Agent comes from
 * the undici release Node 20 bundles, so the global fetch accepts it as its dispatcher.
 */
export function peerFetch(config: ServerConfig, caFile = config.tlsCa): typeof fetch {
  if (caFile === '' && config.tlsCert === '') return fetch;
  const ca = caFile !== '' ? [...tls.rootCertificates, fs.readFileSync(caFile, 'utf8')] : undefined;
  const own = config.tlsCert !== '' ? { cert: fs.readFileSync(config.tlsCert), key: fs.readFileSync(config.tlsKey) } : {};
  const dispatcher = new Agent({ connect: { ca, ...own } });
  return (input, init) => fetch(input, { ...init, dispatcher } as RequestInit);
}

const TLS_REASONS: Readonly<Record<string, string>> = {
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in chain',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown issuer',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID: "hostname does not match the peer's certificate",
};

const TLS_FIXES: Readonly<Record<string, string>> = {
  ERR_TLS_CERT_ALTNAME_INVALID: "use the name or IP the peer's certificate is for",
  CERT_HAS_EXPIRED: "renew the peer's certificate (or check the clocks of both hosts)",
  CERT_NOT_YET_VALID: "check the clocks of both hosts (or wait until the peer's certificate is valid)",
};

/** A transport error's cause, with what to do when it is TLS. */
export function peerTransportReason(code: string | undefined, message: string): string {
  if (code && TLS_REASONS[code]) return `certificate verify failed: ${TLS_REASONS[code]}; ${TLS_FIXES[code] ?? "set --tls-ca to the peer's CA"}`;
  if (code && /^ERR_SSL_.*(CERTIFICATE|HANDSHAKE_FAILURE|UNKNOWN_CA|BAD_CERTIFICATE)/.test(code)) {
    return `the peer refused our TLS client certificate (${code}); set --tls-cert/--tls-key to a certificate its CA signed`;
  }
  // A Node peer refusing a client certificate under TLS 1.3 sends no alert: it hangs up after the handshake.
  if (/other side closed/.test(message)) {
    return "the peer closed the connection before answering; an https peer requiring client certificates does so when its --tls-ca does not trust our --tls-cert";
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') return 'the peer does not speak TLS at this URL; use http:// for it or enable TLS on it';
  return code ?? message;
}
