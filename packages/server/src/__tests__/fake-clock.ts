type Timer = { at: number; resolve: () => void; signal: AbortSignal | undefined; onAbort: () => void };

/**
 * A clock tests move by hand: `sleep` waits until `advance` passes its deadline (or its
 * signal aborts); `now` is the fake time. `sleeps` records every requested wait.
 */
export class FakeClock {
  private time: number;
  private timers: Timer[] = [];
  readonly sleeps: number[] = [];

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  now = (): number => this.time;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve) => {
      this.sleeps.push(ms);
      if (signal?.aborted) return resolve();
      const timer: Timer = {
        at: this.time + ms,
        resolve,
        signal,
        onAbort: () => {
          this.timers = this.timers.filter((t) => t !== timer);
          resolve();
        },
      };
      signal?.addEventListener('abort', timer.onAbort, { once: true });
      this.timers.push(timer);
    });

  /** Pending sleeps (not yet due, not aborted). */
  get pending(): number {
    return this.timers.length;
  }

  /** Move time forward, waking every sleep that falls due, and let promises settle. */
  async advance(ms: number): Promise<void> {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const t of due) {
      t.signal?.removeEventListener('abort', t.onAbort);
      t.resolve();
    }
    await settle();
  }
}

/** Let queued promise callbacks run (a few macrotask turns). */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
}
