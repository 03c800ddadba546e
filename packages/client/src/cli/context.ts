import { Command, InvalidArgumentError } from 'commander';
import { RegistryApi } from '../api/registry-api';
import { isScClientError, isUnreachable } from '../errors';
import { EndpointPool, FailoverTransport } from '../transport/failover';
import { FetchLike, defaultFetch } from '../transport/fetch-transport';

/** Everything a command touches outside itself, injected so tests compare output exactly. */
export type CliIo = Readonly<{
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The clock ages are measured against (ms since epoch). */
  now: () => number;
  fetch?: FetchLike;
  env: Readonly<Record<string, string | undefined>>;
}>;

/** The root flags: `--addr` (repeatable, comma lists too), `--token`, `-t/--timeout`, `-v`. */
export type GlobalOptions = Readonly<{ addr?: string[]; token?: string; timeout: number; verbose?: boolean }>;

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

/** The typed API over the `--addr` addresses, with failover between them. */
export function apiOf(g: GlobalOptions, io: CliIo): RegistryApi {
  const addrs = g.addr && g.addr.length > 0 ? g.addr : [defaultAddress(io.env)];
  const headers: Record<string, string> = { 'X-Domain-Name': 'default', 'User-Agent': 'scctl' };
  if (g.token) {
    headers['X-Auth-Token'] = g.token;
    headers.Authorization = `Bearer ${g.token}`;
  }
  const pool = new EndpointPool(addrs);
  const transport = new FailoverTransport(pool, {
    fetch: io.fetch ?? defaultFetch,
    timeoutMs: g.timeout,
    headers,
    trace: g.verbose ? (line) => io.stderr(`> ${line}\n`) : undefined,
  });
  return new RegistryApi(transport);
}

/** The exit for a failed call: unreachable -> 2 naming the address, anything else -> 1. */
export function exitFor(err: unknown): CliExit {
  if (err instanceof CliExit) return err;
  if (isUnreachable(err)) return new CliExit(EXIT_UNAVAILABLE, err.message);
  if (isScClientError(err)) return new CliExit(EXIT_ERROR, err.message);
  return new CliExit(EXIT_ERROR, `internal error: ${(err as Error)?.stack ?? String(err)}`);
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}


/** What a command does with its options and the API; returns an exit code (default 0). */
export type CommandBody<O> = (opts: O, api: RegistryApi, io: CliIo) => Promise<number | void>;

/** Turns a command body into a commander action that records the exit code. */
export type Run = <O>(body: CommandBody<O>) => (...args: unknown[]) => Promise<void>;

/** `-d/--domain`, `-o/--output` and `--all-domains` of every `get` command. */
export function withListOptions(cmd: Command): Command {
  return cmd
    .option('-d, --domain <domain>', 'print the information under the specified domain', 'default')
    .option('-o, --output <format>', 'output format: wide (every column) or json', parseOutput)
    .option('--all-domains', 'print the information under all domains');
}
