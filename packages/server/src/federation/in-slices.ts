import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Run one of core's step-wise computations, letting the event loop turn between steps, so
 * a big one (a snapshot of 100k instances) never holds up reads and heartbeats for long.
 */
export async function inSlices<T>(steps: Generator<void, T>): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await nextTurn();
  }
}
