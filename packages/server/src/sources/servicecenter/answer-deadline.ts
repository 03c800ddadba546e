/**
 * The time limits of one call to a peer. A peer asked to hold a long poll for `waitMs`
 * answers only after that wait, so the peer timeout bounds what comes beyond it: the answer
 * (status and headers) must start within `waitMs + timeoutMs`, and its body must then
 * arrive within another `timeoutMs`. Waiting as asked is never a failure; silence past it is.
 */
export class AnswerDeadline {
  private readonly expiry = new AbortController();
  private timer: NodeJS.Timeout;
  private phase: 'answer' | 'body' = 'answer';
  private expiredIn: 'answer' | 'body' | undefined;
  /** Aborts the call when a limit passes or the caller's own signal aborts. */
  readonly signal: AbortSignal;

  constructor(
    private readonly timeoutMs: number,
    private readonly waitMs = 0,
    caller?: AbortSignal,
  ) {
    this.signal = caller ? AbortSignal.any([caller, this.expiry.signal]) : this.expiry.signal;
    this.timer = this.arm(waitMs + timeoutMs);
  }

  /** The answer started: from now on its body has `timeoutMs` to arrive. */
  answered(): void {
    clearTimeout(this.timer);
    this.phase = 'body';
    this.timer = this.arm(this.timeoutMs);
  }

  /** The call is over, whichever way. */
  done(): void {
    clearTimeout(this.timer);
  }

  /** Why the call was cut, when a limit (not the caller) cut it. */
  reason(): string | undefined {
    const hint = 'check that the peer is up and reachable, or raise --peer-timeout';
    if (this.expiredIn === 'answer') {
      const parts = this.waitMs > 0 ? ` (${this.waitMs} ms long-poll wait + ${this.timeoutMs} ms peer timeout)` : '';
      return `no answer within ${this.waitMs + this.timeoutMs} ms${parts}: ${hint}`;
    }
    if (this.expiredIn === 'body') return `answer began but its body did not arrive within ${this.timeoutMs} ms: ${hint}`;
    return undefined;
  }

  private arm(ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.expiredIn = this.phase;
      this.expiry.abort();
    }, ms);
    // Like AbortSignal.timeout: a pending limit alone never keeps the process alive.
    timer.unref();
    return timer;
  }
}
