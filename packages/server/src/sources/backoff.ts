import type { BackoffOptions } from '@service-center/core';

/** Reconnects to a peer or a Kubernetes API: from `baseMs` doubling to 30 s, ±50 % so servers spread out. */
export const reconnectBackoff = (baseMs: number): BackoffOptions => ({ baseMs, maxMs: 30_000, factor: 2, jitter: 0.5 });

/** Sleep that ends early when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done);
  });
}
