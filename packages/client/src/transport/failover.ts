import { ScClientError, isUnreachable } from '../errors';
import { BackoffOptions, backoffDelay } from '@service-center/core';
import { DEFAULT_BACKOFF } from './retry';
import { HttpRequest, HttpResponse, TransportOptions, sendOnce } from './fetch-transport';

/** What the client knows about one server address. */
export type EndpointHealth = Readonly<{
  url: string;
  healthy: boolean;
  /** Consecutive failures since the last answer. */
  failures: number;
  /** While in backoff: when the address may be tried again (ms since epoch). */
  retryAt: number | undefined;
  lastError: string | undefined;
  lastSuccess: number | undefined;
}>;

type State = { failures: number; retryAt: number; lastError?: string; lastSuccess?: number };

export type EndpointPoolOptions = Readonly<{
  backoff?: BackoffOptions;
  now?: () => number;
  random?: () => number;
  /** Told when an address goes down or comes back. */
  onChange?: (url: string, healthy: boolean, error?: string) => void;
}>;

/**
 * The server addresses with their health. A failed address is skipped until its backoff
 * (exponential, with jitter) has passed; the address that last answered is tried first, so a
 * client that failed over stays where it works.
 */
export class EndpointPool {
  private readonly states = new Map<string, State>();
  private preferred: string;
  private readonly backoff: BackoffOptions;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(
    readonly urls: readonly string[],
    private readonly options: EndpointPoolOptions = {},
  ) {
    if (urls.length === 0) throw new Error('at least one service-center endpoint is required');
    for (const u of urls) this.states.set(u, { failures: 0, retryAt: 0 });
    this.preferred = urls[0];
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** Addresses to try now, best first; empty when every one is backing off. */
  candidates(): string[] {
    const now = this.now();
    const ordered = [this.preferred, ...this.urls.filter((u) => u !== this.preferred)];
    const healthy = ordered.filter((u) => this.state(u).failures === 0);
    const due = ordered
      .filter((u) => this.state(u).failures > 0 && this.state(u).retryAt <= now)
      .sort((a, b) => this.state(a).retryAt - this.state(b).retryAt);
    return [...healthy, ...due];
  }

  /** When the next address leaves its backoff (ms since epoch). */
  nextRetryAt(): number {
    return Math.min(...this.urls.map((u) => this.state(u).retryAt));
  }

  markSuccess(url: string): void {
    const s = this.state(url);
    const wasDown = s.failures > 0;
    s.failures = 0;
    s.retryAt = 0;
    s.lastSuccess = this.now();
    this.preferred = url;
    if (wasDown) this.options.onChange?.(url, true);
  }

  markFailure(url: string, error: string): void {
    const s = this.state(url);
    s.failures += 1;
    s.retryAt = this.now() + backoffDelay(s.failures, this.backoff, this.random);
    s.lastError = error;
    if (s.failures === 1) this.options.onChange?.(url, false, error);
  }

  health(): EndpointHealth[] {
    return this.urls.map((url) => {
      const s = this.state(url);
      return {
        url,
        healthy: s.failures === 0,
        failures: s.failures,
        retryAt: s.failures > 0 ? s.retryAt : undefined,
        lastError: s.lastError,
        lastSuccess: s.lastSuccess,
      };
    });
  }

  private state(url: string): State {
    const s = this.states.get(url);
    if (!s) throw new Error(`unknown endpoint ${url}`);
    return s;
  }
}

/**
 * Send a request to the first address that answers. Only "no answer" (network error,
 * timeout) moves on to the next address: an HTTP answer, even an error, is the answer.
 * Every request the client sends is idempotent (register service/instance with ids are).
 */
export class FailoverTransport {
  constructor(
    readonly pool: EndpointPool,
    private readonly options: TransportOptions,
  ) {}

  async send(req: HttpRequest): Promise<HttpResponse> {
    const candidates = this.pool.candidates();
    if (candidates.length === 0) {
      const wait = Math.max(0, this.pool.nextRetryAt() - Date.now());
      const last = this.pool.health().find((h) => h.lastError)?.lastError ?? 'unreachable';
      throw new ScClientError({
        kind: 'network',
        message: `cannot reach service center at ${this.pool.urls.join(', ')}: every address failed lately (${last}); next try in ${wait} ms`,
        endpoints: this.pool.urls,
        endpoint: this.pool.urls[this.pool.urls.length - 1],
      });
    }
    const failures: ScClientError[] = [];
    for (const endpoint of candidates) {
      try {
        const res = await this.exchange(endpoint, req);
        this.pool.markSuccess(endpoint);
        return res;
      } catch (err) {
        if (!isUnreachable(err)) throw err;
        this.pool.markFailure(endpoint, err.message);
        failures.push(err);
      }
    }
    const last = failures[failures.length - 1];
    const allTimeouts = failures.every((f) => f.kind === 'timeout');
    throw new ScClientError({
      kind: allTimeouts ? 'timeout' : 'network',
      message:
        failures.length === 1
          ? `cannot reach service center at ${last.endpoint}: ${reasonOf(last)}`
          : `cannot reach service center at ${failures.map((f) => f.endpoint).join(', ')}: ${failures.map(reasonOf).join('; ')}`,
      endpoint: last.endpoint,
      endpoints: failures.map((f) => f.endpoint ?? ''),
      tlsProblem: failures.find((f) => f.tlsProblem)?.tlsProblem,
      cause: last.cause ?? last,
    });
  }

  /** One call to one address, authenticated; after a 401 it is sent once more with a new token. */
  private async exchange(endpoint: string, req: HttpRequest): Promise<HttpResponse> {
    const auth = this.options.auth;
    if (!auth) return sendOnce(endpoint, req, this.options);
    const attempt = async () => {
      const sent = await auth.headersFor(endpoint);
      return { sent, res: await sendOnce(endpoint, { ...req, headers: { ...sent, ...req.headers } }, this.options) };
    };
    const first = await attempt();
    if (first.res.status !== 401 || !auth.rejected(endpoint, first.sent)) return first.res;
    return (await attempt()).res;
  }
}

function reasonOf(e: ScClientError): string {
  // "GET http://h/path: ECONNREFUSED ..." -> "ECONNREFUSED ..."
  const i = e.message.indexOf(': ');
  return i >= 0 ? e.message.slice(i + 2) : e.message;
}
