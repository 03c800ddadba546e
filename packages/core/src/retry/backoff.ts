/** Exponential backoff with jitter: how long to wait before the next attempt. */
export type BackoffOptions = Readonly<{
  /** First delay (ms). */
  baseMs: number;
  /** Upper bound (ms). */
  maxMs: number;
  /** Growth per failure (default 2). */
  factor?: number;
  /** Share of the delay randomised, 0..1 (default 0.2: ±20 %), so retrying callers spread out. */
  jitter?: number;
}>;

/** Delay before retry number `failures` (1 = after the first failure). */
export function backoffDelay(failures: number, options: BackoffOptions, random: () => number = Math.random): number {
  const factor = options.factor ?? 2;
  const jitter = options.jitter ?? 0.2;
  const raw = Math.min(options.maxMs, options.baseMs * factor ** Math.min(Math.max(0, failures - 1), 60));
  const spread = raw * jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(options.maxMs, raw + spread)));
}

/** A backoff that remembers its failures; `reset()` after a success. No timers: callers wait. */
export class Backoff {
  private failures = 0;

  constructor(
    private readonly options: BackoffOptions,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    this.failures += 1;
    return backoffDelay(this.failures, this.options, this.random);
  }

  reset(): void {
    this.failures = 0;
  }

  get attempts(): number {
    return this.failures;
  }
}
