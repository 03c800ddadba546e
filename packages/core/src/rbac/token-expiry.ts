/** Token lifetimes as Service-Center accepts them: a Go duration from 15m to 24h, 12h when absent. */
export const DEFAULT_TOKEN_EXPIRATION = '12h';
export const MIN_TOKEN_MS = 15 * 60_000;
export const MAX_TOKEN_MS = 24 * 3_600_000;

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's time.ParseDuration, in milliseconds; undefined when the text is not a duration. */
export function parseGoDuration(text: string): number | undefined {
  const m = /^([-+]?)((?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+|0)$/.exec(text);
  if (m === null) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  if (m[2] === '0') return 0;
  let total = 0;
  for (const part of m[2].matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * UNIT_MS[part[2]];
  }
  return sign * total;
}

/** The lifetime in milliseconds, or why the text is refused (the detail of a 400001). */
export function tokenLifetimeMs(text: string | undefined): { ms: number } | { problem: string } {
  const value = text === undefined || text === '' ? DEFAULT_TOKEN_EXPIRATION : text;
  const ms = parseGoDuration(value);
  if (ms === undefined) return { problem: `tokenExpirationTime '${value}' is not a duration: write it like 30m, 2h or 1h30m` };
  if (ms < MIN_TOKEN_MS || ms > MAX_TOKEN_MS) return { problem: `tokenExpirationTime '${value}' must be between 15m and 24h` };
  return { ms };
}
