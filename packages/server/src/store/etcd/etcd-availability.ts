import { isBrokenCircuitError } from 'cockatiel';
import { isRecoverableError } from 'etcd3';
import type { Logger } from 'pino';
import { StoreUnavailable } from '../store-unavailable';

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A failure that says etcd cannot serve now (no member reachable, no leader, a timeout), not that the call was wrong. */
export function isOutage(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return isRecoverableError(err) || isBrokenCircuitError(err) || /etcdserver: (no leader|request timed out|leader changed|too many requests)/.test(err.message);
}

/**
 * Whether etcd takes requests, judged from the outcome of each call: the first failing call
 * of an outage logs one error line, the first call that succeeds after it one info line
 * (with how long it lasted). Calls in between fail with StoreUnavailable, without a line each.
 */
export class EtcdAvailability {
  private downSince?: number;
  private failures = 0;

  constructor(
    private readonly log: Logger,
    private readonly endpoints: readonly string[],
    private readonly now: () => number = Date.now,
  ) {}

  available(): boolean {
    return this.downSince === undefined;
  }

  /** A call reached etcd and was answered. */
  succeeded(): void {
    if (this.downSince === undefined) return;
    this.log.info({ downMs: this.now() - this.downSince, failedCalls: this.failures }, 'etcd is available again: writes resume');
    this.downSince = undefined;
    this.failures = 0;
  }

  /** The error a failed call raises: `other(err)`, as a StoreUnavailable when etcd is down. */
  failed(err: unknown, what: string, other: (err: unknown) => Error): Error {
    if (!isOutage(err)) return other(err);
    this.failures += 1;
    if (this.downSince === undefined) {
      this.downSince = this.now();
      this.log.error(
        { endpoints: this.endpoints, err: errorText(err), call: what },
        'etcd is unavailable (no quorum or no member reachable): writes fail with 500011 until it recovers; reads are served from this replica\'s copy',
      );
    }
    return new StoreUnavailable(`etcd is unavailable: ${other(err).message}`, { cause: err });
  }
}
