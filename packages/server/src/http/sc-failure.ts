import type { ScError } from '@service-center/core';

/** Thrown by routes to leave with an SC error body; only error-middleware.ts catches it. */
export class ScFailure extends Error {
  override readonly name = 'ScFailure';
  constructor(readonly error: ScError) {
    super(error.detail ? `${error.message}: ${error.detail}` : error.message);
  }
}
