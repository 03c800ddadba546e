import type { BackoffOptions } from '@service-center/core';

/** The client's retry pacing: a quarter second doubling to 15 s, ±20 %. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 15_000, factor: 2, jitter: 0.2 };
