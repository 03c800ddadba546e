import { Command, InvalidArgumentError } from 'commander';
import { RegistryApi } from '../api/registry-api';
import { TokenKeeper } from '../auth/token-keeper';
import { isScClientError, isUnreachable } from '../errors';
import { EndpointPool, FailoverTransport } from '../transport/failover';
import { FetchLike, TransportOptions, defaultFetch, tlsFetch } from '../transport/fetch-transport';
import { AccessFlags, accessMessage, credentialsOf, tlsOf } from './access';

/** Everything a command touches outside itself, injected so tests compare output exactly. */
export type CliIo = Readonly<{
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The clock ages are measured against (ms since epoch). */
  now: () => number;
  fetch?: FetchLike;
  env: Readonly<Record<string, string | undefined>>;
}>;

/** The root flags: `--addr` (repeatable, comma lists too), `--token`, `-t/--timeout`, `-v`, and the access flags. */
export type GlobalOptions = AccessFlags & Readonly<{ addr?: string[]; token?: string; timeout: number; verbose?: boolean }>;

/** The `get` flags: `-d/--domain`, `-o/--output`, `--all-domains`. */
export type ListOptions = Readonly<{ domain: string; output?: OutputFormat; allDomains?: boolean }>;
export type OutputFormat = 'wide' | 'json';

/** A command's decision to end with an exit code and a message on stderr. */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'CliExit';
  }
}

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_UNAVAILABLE = 2;
export const EXIT_ABNORMAL = 3;

export function defaultAddress(env: CliIo['env']): string {
  return `http://${env.HOSTING_SERVER_IP || '127.0.0.1'}:30100`;
}

/** `--addr a --addr b,c` -> [a, b, c]; each must be an http(s) URL. */
export function collectAddr(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const a of items) {
    if (!/^https?:\/\/[^/\s]+/i.test(a)) throw new InvalidArgumentError(`'${a}' is not an address like http://127.0.0.1:30100`);
  }
  return [...(previous ?? []), ...items.map((a) => a.replace(/\/+$/, ''))];
}

/** A Go-style duration (`10s`, `500ms`, `1m`, `1h`) or plain seconds -> milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new InvalidArgumentError(`'${text}' is not a duration like 10s, 500ms or 1m`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  const ms = unit === 'ms' ? n : unit === 's' ? n * 1000 : unit === 'm' ? n * 60_000 : n * 3_600_000;
  if (ms <= 0) throw new InvalidArgumentError(`the timeout must be above zero, got '${text}'`);
  return ms;
}

export function parseOutput(text: string): OutputFormat {
  if (text === 'wide' || text === 'json') return text;
  throw new InvalidArgumentError(`unknown output format '${text}' (known: wide, json)`);
}

/**
 * The typed API over the `--addr` addresses, with failover between them; TLS from `--ca`,
 * `--cert`, `--key`, and a login per address with `--account` (or a fixed `--token`).
 */
export function apiOf(g: GlobalOptions, io: CliIo): RegistryApi {
  const addrs = g.addr && g.addr.length > 0 ? g.addr : [defaultAddress(io.env)];
  const headers: Record<string, string> = { 'X-Domain-Name': 'default', 'User-Agent': 'scctl' };
  const credentials = credentialsOf(g, io.env);
  if (g.token && credentials) throw new CliExit(EXIT_ERROR, 'pass either --token or --account (SC_ACCOUNT), not both');
  if (g.token) {
    headers['X-Auth-Token'] = g.token;
    headers.Authorization = `Bearer ${g.token}`;
  }
  const tls = tlsOf(g);
  const options: TransportOptions = {
    fetch: io.fetch ?? (tls ? tlsFetch(tls) : defaultFetch),
    timeoutMs: g.timeout,
    headers,
    trace: g.verbose ? (line) => io.stderr(`> ${line}\n`) : undefined,
  };
  const auth = credentials ? new TokenKeeper({ credentials, transport: options }) : undefined;
  return new RegistryApi(new FailoverTransport(new EndpointPool(addrs), { ...options, auth }));
}

/**
 * The exit for a failed call: access problems (not authenticated, blocked, no permission, an
 * untrusted certificate) say what to pass; unreachable -> 2 naming the address; anything else -> 1.
 */
export function exitFor(err: unknown, account?: string): CliExit {
  if (err instanceof CliExit) return err;
  const access = accessMessage(err, account);
  if (isUnreachable(err)) return new CliExit(EXIT_UNAVAILABLE, access ?? err.message);
  if (isScClientError(err)) return new CliExit(EXIT_ERROR, access ?? err.message);
  return new CliExit(EXIT_ERROR, `internal error: ${(err as Error)?.stack ?? String(err)}`);
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}


/** What a command does with its options, the API and its positional arguments; returns an exit code (default 0). */
export type CommandBody<O> = (opts: O, api: RegistryApi, io: CliIo, args: readonly (string | undefined)[]) => Promise<number | void>;

/** Turns a command body into a commander action that records the exit code. */
export type Run = <O>(body: CommandBody<O>) => (...args: unknown[]) => Promise<void>;

/** `-d/--domain`, `-o/--output` and `--all-domains` of every `get` command of the registry. */
export function withListOptions(cmd: Command): Command {
  return withOutputOption(cmd.option('-d, --domain <domain>', 'print the information under the specified domain', 'default')).option(
    '--all-domains',
    'print the information under all domains',
  );
}

/** `-o/--output` alone, for the commands whose records belong to no domain (accounts, roles). */
export function withOutputOption(cmd: Command): Command {
  return cmd.option('-o, --output <format>', 'output format: wide (every column) or json', parseOutput);
}
