import * as fs from 'node:fs';
import { ScCodes } from '@service-center/core';
import type { Credentials } from '../auth/token-keeper';
import { ScClientError, isScClientError } from '../errors';
import { TLS_FIXES, TlsOptions, TlsProblem } from '../transport/tls';
import { CliExit, EXIT_ERROR } from './context';

/** The root flags of access: who logs in (`--account`, `--password-file`) and TLS files (`--ca`, `--cert`, `--key`). */
export type AccessFlags = Readonly<{ account?: string; passwordFile?: string; ca?: string; cert?: string; key?: string }>;

/** What scctl says instead of the SDK's advice (its flags rather than option names). */
const SCCTL_TLS_FIXES: Readonly<Record<TlsProblem, string>> = {
  untrusted: "the server's certificate is not trusted: pass --ca FILE with the CA that signed it",
  hostname: TLS_FIXES.hostname,
  'client-certificate': 'the server refused the TLS handshake without a client certificate it trusts: pass --cert FILE and --key FILE',
  'not-tls': TLS_FIXES['not-tls'],
};

function readFlagFile(flag: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliExit(EXIT_ERROR, `--${flag} ${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** The TLS files as PEM contents; undefined when none is given. */
export function tlsOf(flags: AccessFlags): TlsOptions | undefined {
  if ((flags.cert === undefined) !== (flags.key === undefined)) {
    throw new CliExit(EXIT_ERROR, '--cert and --key go together: pass both (the client certificate and its private key)');
  }
  if (flags.ca === undefined && flags.cert === undefined) return undefined;
  return {
    ...(flags.ca !== undefined ? { ca: readFlagFile('ca', flags.ca) } : {}),
    ...(flags.cert !== undefined ? { cert: readFlagFile('cert', flags.cert) } : {}),
    ...(flags.key !== undefined ? { key: readFlagFile('key', flags.key) } : {}),
  };
}

/** The account from `--account`/`--password-file`, else `SC_ACCOUNT`/`SC_PASSWORD`; undefined when none. */
export function credentialsOf(flags: AccessFlags, env: Readonly<Record<string, string | undefined>>): Credentials | undefined {
  const account = flags.account ?? (env.SC_ACCOUNT || undefined);
  if (account === undefined) {
    if (flags.passwordFile !== undefined) throw new CliExit(EXIT_ERROR, '--password-file needs --account NAME (or SC_ACCOUNT)');
    return undefined;
  }
  // A password file ends with a newline more often than not; it is not part of the password.
  const password = flags.passwordFile !== undefined ? readFlagFile('password-file', flags.passwordFile).replace(/\r?\n$/, '') : env.SC_PASSWORD;
  if (password === undefined || password === '') {
    throw new CliExit(EXIT_ERROR, `account ${account} needs a password: pass --password-file FILE (or SC_PASSWORD)`);
  }
  return { account, password };
}

/** `role has no permissions[account:get]` (Service-Center's 403205 text) -> `get account`; else what the call was. */
function deniedAction(err: ScClientError): string {
  const m = /\[([\w/*-]+):([\w*]+)\]/.exec(`${err.message} ${err.detail ?? ''}`);
  return m ? `${m[2]} ${m[1]}` : err.message.split(':')[0];
}

/**
 * A failure of access said in scctl's words: not authenticated, account blocked, no
 * permission, an untrusted certificate. Undefined for any other failure.
 */
export function accessMessage(err: unknown, account: string | undefined): string | undefined {
  if (!isScClientError(err)) return undefined;
  if (err.tlsProblem) return err.message.replace(TLS_FIXES[err.tlsProblem], SCCTL_TLS_FIXES[err.tlsProblem]);
  const who = account !== undefined ? `account ${account}` : 'the token';
  if (err.code === ScCodes.AccountBlocked) {
    return `${who} is blocked after failed logins: wait until the lock is released (15 minutes by default) or ask an admin to delete the lock`;
  }
  if (err.code === ScCodes.NoPermission) {
    return `${who} has no permission to ${deniedAction(err)} (${err.message})`;
  }
  if (err.status === 401) {
    if (account === undefined) return `not authenticated: pass --account and --password-file (or SC_ACCOUNT/SC_PASSWORD) (${err.message})`;
    return err.message;
  }
  return undefined;
}
