import { Backoff } from '@service-center/core';
import { reconnectBackoff, sleep as realSleep } from '../backoff';
import { ListerWatcher, WatchEvent, isRevisionGone } from './lister-watcher';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** What a reflector tells its owner. The store already holds the change when it is told. */
export type ReflectorHandlers<T> = Readonly<{
  /** A successful (re)list replaced the store. */
  replaced(store: ReadonlyMap<string, T>): void;
  /** One watch event; `prev` is the object the store held before. */
  changed(type: ChangeType, key: string, object: T, prev: T | undefined): void;
  /** A list or a watch failed: the store keeps what it had (a failure is never an empty list). */
  failed(err: unknown): void;
}>;

export type ReflectorOptions<T> = Readonly<{
  keyOf: (o: T) => string;
  now?: () => number;
  /** Waits `ms` or until the signal aborts (injected in tests). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  /** A watch is ended and re-opened after this long times 1..2 (client-go: 5 min). */
  minWatchTimeoutMs?: number;
  /** The backoff starts over after this long without failure (client-go: 2 min). */
  healthyResetMs?: number;
  /** A watch that ends sooner than this with no event counts as a very short watch and backs off. */
  shortWatchMs?: number;
}>;

export type ReflectorStatus = Readonly<{
  what: string;
  synced: boolean;
  ok: boolean;
  revision: string;
  objects: number;
  lists: number;
  watches: number;
  events: number;
  /** Relists forced by an expired revision (410). */
  expired: number;
  failures: number;
  lastError: string | undefined;
  lastErrorAt: number | undefined;
}>;

/**
 * One kind's list -> replace -> watch loop (client-go's Reflector): it lists and replaces
 * its store, then watches from the list's revision, each event advancing the revision. A
 * watch that ends is re-opened from the last revision; a watch ended by our randomized
 * timeout too (so clients do not reconnect in a herd). An expired revision (410) relists at
 * once; any other failure is reported, backs off with jitter and relists.
 */
export class Reflector<T> {
  private store = new Map<string, T>();
  private readonly backoff: Backoff;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private healthySince: number | undefined;
  private status: {
    synced: boolean;
    ok: boolean;
    revision: string;
    lists: number;
    watches: number;
    events: number;
    expired: number;
    failures: number;
    lastError?: string;
    lastErrorAt?: number;
  } = { synced: false, ok: false, revision: '', lists: 0, watches: 0, events: 0, expired: 0, failures: 0 };

  constructor(
    private readonly lw: ListerWatcher<T>,
    private readonly handlers: ReflectorHandlers<T>,
    private readonly options: ReflectorOptions<T>,
  ) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.backoff = new Backoff(reconnectBackoff(800), this.random);
  }

  get synced(): boolean {
    return this.status.synced;
  }

  items(): ReadonlyMap<string, T> {
    return this.store;
  }

  snapshotStatus(): ReflectorStatus {
    const s = this.status;
    return { what: this.lw.description, objects: this.store.size, ...s, lastError: s.lastError, lastErrorAt: s.lastErrorAt };
  }

  /** Runs until `signal` aborts. Never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let revision: string;
      try {
        const listed = await this.lw.list(signal);
        if (signal.aborted) return;
        revision = listed.revision;
        this.store = new Map(listed.items.map((o) => [this.options.keyOf(o), o]));
        this.status = { ...this.status, synced: true, ok: true, revision, lists: this.status.lists + 1 };
        this.healthySince ??= this.now();
        this.handlers.replaced(this.store);
      } catch (err) {
        if (signal.aborted) return;
        await this.fail(err, signal);
        continue;
      }
      await this.watchUntilRelist(revision, signal);
    }
  }

  /** Watches (and re-watches) from `revision`; returns when a relist is needed or on abort. */
  private async watchUntilRelist(revision: string, signal: AbortSignal): Promise<void> {
    let from = revision;
    while (!signal.aborted) {
      const timeoutMs = (this.options.minWatchTimeoutMs ?? 5 * 60_000) * (1 + this.random());
      const watch = new AbortController();
      const stop = () => watch.abort();
      signal.addEventListener('abort', stop);
      void this.sleep(timeoutMs, watch.signal).then(stop);
      const started = this.now();
      let events = 0;
      this.status.watches += 1;
      try {
        for await (const ev of this.lw.watch(from, watch.signal)) {
          if (watch.signal.aborted) break;
          from = ev.revision || from;
          events += 1;
          this.apply(ev, from);
        }
      } catch (err) {
        if (signal.aborted) return;
        if (!watch.signal.aborted) {
          if (isRevisionGone(err)) {
            this.status.expired += 1;
            return;
          }
          await this.fail(err, signal);
          return;
        }
      } finally {
        signal.removeEventListener('abort', stop);
        stop();
      }
      // Ended by the server or by our timeout: re-watch from the last revision. A watch the
      // server closes at once with nothing in it is suspicious (client-go's "very short watch").
      if (!signal.aborted && events === 0 && this.now() - started < (this.options.shortWatchMs ?? 1000)) {
        await this.sleep(this.backoff.next(), signal);
      }
    }
  }

  private apply(ev: WatchEvent<T>, revision: string): void {
    this.status.revision = revision;
    if (ev.type === 'BOOKMARK') return;
    this.status.events += 1;
    const key = this.options.keyOf(ev.object);
    const prev = this.store.get(key);
    if (ev.type === 'DELETED') this.store.delete(key);
    else this.store.set(key, ev.object);
    this.handlers.changed(ev.type, key, ev.object, prev);
  }

  private async fail(err: unknown, signal: AbortSignal): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    const now = this.now();
    this.status = { ...this.status, ok: false, failures: this.status.failures + 1, lastError: message, lastErrorAt: now };
    if (this.healthySince !== undefined && now - this.healthySince >= (this.options.healthyResetMs ?? 120_000)) this.backoff.reset();
    this.healthySince = undefined;
    this.handlers.failed(err);
    await this.sleep(this.backoff.next(), signal);
  }
}
