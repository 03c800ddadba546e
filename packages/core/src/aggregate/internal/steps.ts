/**
 * Step-wise computations pause with a bare `yield` (core has no timers: the caller decides
 * what happens between steps); this runs one to its end at once.
 */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
