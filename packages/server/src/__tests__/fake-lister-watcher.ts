import { ListResult, ListerWatcher, RevisionGone, WatchEvent } from '../sources/k8s/lister-watcher';
import { K8sObject, keyOf } from '../sources/k8s/objects';

type Listener<T> = { push(ev: WatchEvent<T> | { type: 'END'; error?: unknown }): void };

/**
 * An in-memory kind (client-go's fake_controller_source): every change gets the next
 * revision; it can fail lists, drop or break watches, and forget history so that a watch
 * from an old revision gets 410 (RevisionGone).
 */
export class FakeListerWatcher<T extends K8sObject> implements ListerWatcher<T> {
  private readonly items = new Map<string, T>();
  private readonly history: { revision: number; event: WatchEvent<T> }[] = [];
  private readonly listeners = new Set<Listener<T>>();
  private revision: number;
  /** Revisions up to this one are no longer in the history (410 below it). */
  private compactedTo: number;
  private listErrors: unknown[] = [];
  private watchErrors: unknown[] = [];
  lists = 0;
  watches = 0;
  /** The `from` of every watch call, in order. */
  readonly watchedFrom: string[] = [];

  constructor(
    readonly description = 'fake objects',
    start = 100,
    /** Shared across kinds, like etcd's revision: pass one counter to several fakes. */
    private readonly counter: { next(): number } | undefined = undefined,
  ) {
    this.revision = start;
    this.compactedTo = start;
  }

  get currentRevision(): number {
    return this.revision;
  }

  add(o: T): T {
    return this.record('ADDED', o);
  }

  modify(o: T): T {
    return this.record('MODIFIED', o);
  }

  /** ADDED or MODIFIED, whichever applies. */
  put(o: T): T {
    return this.items.has(keyOf(o)) ? this.modify(o) : this.add(o);
  }

  delete(o: T): T {
    return this.record('DELETED', this.items.get(keyOf(o)) ?? o);
  }

  /** Put objects without any watch event (state before the test starts). */
  seed(...objects: T[]): void {
    for (const o of objects) {
      const rv = this.bump();
      this.items.set(keyOf(o), withRevision(o, rv));
    }
    this.compactedTo = this.revision;
  }

  /** The next `n` lists fail with `err`. */
  failLists(n: number, err: unknown = new Error('connection refused')): void {
    for (let i = 0; i < n; i++) this.listErrors.push(err);
  }

  /** The next `n` watch calls fail with `err` before any event. */
  failWatches(n: number, err: unknown = new Error('connection refused')): void {
    for (let i = 0; i < n; i++) this.watchErrors.push(err);
  }

  /** Every open watch ends cleanly (the server closed it). */
  dropWatches(): void {
    for (const l of [...this.listeners]) l.push({ type: 'END' });
  }

  /** Every open watch fails with `err` (a broken connection). */
  breakWatches(err: unknown = new Error('socket hang up')): void {
    for (const l of [...this.listeners]) l.push({ type: 'END', error: err });
  }

  /** Forget the history: a watch from any revision before now gets 410. */
  compact(): void {
    this.history.length = 0;
    this.compactedTo = this.revision;
  }

  get openWatches(): number {
    return this.listeners.size;
  }

  async list(signal: AbortSignal): Promise<ListResult<T>> {
    this.lists += 1;
    await Promise.resolve();
    if (signal.aborted) throw new Error('aborted');
    const err = this.listErrors.shift();
    if (err !== undefined) throw err;
    return { items: [...this.items.values()], revision: String(this.revision) };
  }

  watch(from: string, signal: AbortSignal): AsyncIterable<WatchEvent<T>> {
    this.watches += 1;
    this.watchedFrom.push(from);
    const err = this.watchErrors.shift();
    const since = Number(from);
    const backlog = this.history.filter((h) => h.revision > since).map((h) => h.event);
    const expired = since < this.compactedTo;
    const listeners = this.listeners;
    return {
      [Symbol.asyncIterator]: () => {
        const queue: (WatchEvent<T> | { type: 'END'; error?: unknown })[] = [...backlog];
        let wake: (() => void) | undefined;
        const listener: Listener<T> = {
          push(ev) {
            queue.push(ev);
            wake?.();
          },
        };
        const onAbort = () => listener.push({ type: 'END' });
        let started = false;
        const close = () => {
          listeners.delete(listener);
          signal.removeEventListener('abort', onAbort);
        };
        return {
          async next(): Promise<IteratorResult<WatchEvent<T>>> {
            if (!started) {
              started = true;
              if (err !== undefined) throw err;
              if (expired) throw new RevisionGone();
              listeners.add(listener);
              signal.addEventListener('abort', onAbort);
              if (signal.aborted) onAbort();
            }
            while (queue.length === 0) await new Promise<void>((r) => (wake = r));
            const ev = queue.shift()!;
            if (ev.type === 'END') {
              close();
              if (ev.error !== undefined) throw ev.error;
              return { done: true, value: undefined };
            }
            return { done: false, value: ev };
          },
          async return(): Promise<IteratorResult<WatchEvent<T>>> {
            close();
            return { done: true, value: undefined };
          },
        };
      },
    };
  }

  private bump(): number {
    this.revision = this.counter ? this.counter.next() : this.revision + 1;
    return this.revision;
  }

  private record(type: 'ADDED' | 'MODIFIED' | 'DELETED', o: T): T {
    const rv = this.bump();
    const obj = withRevision(o, rv);
    if (type === 'DELETED') this.items.delete(keyOf(obj));
    else this.items.set(keyOf(obj), obj);
    const event: WatchEvent<T> = { type, object: obj, revision: String(rv) };
    this.history.push({ revision: rv, event });
    for (const l of this.listeners) l.push(event);
    return obj;
  }
}

/** A revision counter shared by several fakes (one etcd behind every kind). */
export function sharedCounter(start = 100): { next(): number } {
  let n = start;
  return { next: () => ++n };
}

function withRevision<T extends K8sObject>(o: T, rv: number): T {
  return { ...o, metadata: { ...o.metadata, resourceVersion: String(rv) } };
}
