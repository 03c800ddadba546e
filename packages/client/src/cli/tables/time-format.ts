const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * scctl's TimeFormat: seconds, minutes or hours rounded to the nearest whole (Go's
 * FormatFloat: halves to even), or whole days (rounded down).
 */
export function timeFormat(ms: number): string {
  if (ms < MINUTE) return `${roundHalfEven(ms / 1000)}s`;
  if (ms < HOUR) return `${roundHalfEven(ms / MINUTE)}m`;
  if (ms < DAY) return `${roundHalfEven(ms / HOUR)}h`;
  return `${Math.floor(ms / DAY)}d`;
}

function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  const r = diff > 0.5 ? floor + 1 : diff < 0.5 ? floor : floor % 2 === 0 ? floor : floor + 1;
  return r === 0 ? 0 : r; // no "-0"
}

/** Age of a record from its SC timestamp (unix seconds as text); undefined when unparseable. */
export function ageOf(timestamps: readonly (string | undefined)[], now: number): string {
  const secs = timestamps.filter((t): t is string => t !== undefined && /^-?\d+$/.test(t)).map(Number);
  // scctl keeps the oldest timestamp; with none it measures from the epoch.
  const oldest = secs.length > 0 ? Math.min(...secs) : 0;
  return timeFormat(now - oldest * 1000);
}
