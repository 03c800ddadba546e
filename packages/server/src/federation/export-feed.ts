import { randomUUID } from 'node:crypto';
import type { ChangeEvent, ChangesResponse, ServiceKey, ShareScope, StreamEvent } from '@service-center/core';

const EVERYTHING: ShareScope = { id: 'all' };

type Waiter = { since: number; resolve: () => void };

/**
 * The change stream this server offers its peers: the events of every change of its merged
 * view, numbered, in a bounded ring. A reader asks for changes since a position; one that
 * fell out of the ring, or comes from before a restart (another epoch), is told to reset
 * and pull the dump. Long polls wait for the next change.
 */
export class ExportFeed {
  readonly epoch = randomUUID();
  private readonly ring: ChangeEvent[] = [];
  /** The service key of each ring event, at the same index: export filters need it, the wire does not. */
  private readonly keys: ServiceKey[] = [];
  private seq = 0;
  private waiters = new Set<Waiter>();
  private closed = false;

  constructor(
    private readonly cluster: string,
    /** Events kept; a reader further behind pulls the dump instead (bounded memory). */
    private readonly capacity = 25_000,
  ) {}

  position(): number {
    return this.seq;
  }

  /** Record the change-stream events of one view change (core's `changeEventsOf`). */
  publish(events: readonly StreamEvent[]): void {
    this.append(events);
  }

  private append(events: readonly StreamEvent[]): void {
    if (events.length === 0) return;
    for (const e of events) {
      this.seq += 1;
      this.ring.push(stamped(this.seq, e));
      this.keys.push(e.key);
    }
    if (this.ring.length > this.capacity) {
      this.ring.splice(0, this.ring.length - this.capacity);
      this.keys.splice(0, this.keys.length - this.capacity);
    }
    this.wake((w) => w.since < this.seq);
  }

  /** The export rules changed: every long poll answers now, carrying the new scope id. */
  rescope(): void {
    this.wake(() => true);
  }

  private wake(which: (w: Waiter) => boolean): void {
    const ready = [...this.waiters].filter(which);
    for (const w of ready) {
      this.waiters.delete(w);
      w.resolve();
    }
  }

  /**
   * Changes after `since` of `epoch` that `scope` lets through; waits up to `waitMs` for one
   * when there are none. Up to `limit` events are looked at: the position returned is the
   * last one looked at, so events filtered out are skipped, not re-read.
   */
  async read(epoch: string, since: number, waitMs: number, limit = 10_000, signal?: AbortSignal, scope: () => ShareScope = () => EVERYTHING): Promise<ChangesResponse> {
    if (epoch !== this.epoch || since > this.seq) return this.reset(scope().id);
    if (since === this.seq && waitMs > 0 && !this.closed) await this.waitBeyond(since, waitMs, signal);
    // Read after the wait: the rules may have changed while the poll was held.
    const { allow, id } = scope();
    const oldest = this.ring.length > 0 ? this.ring[0].seq : this.seq + 1;
    if (since + 1 < oldest && since < this.seq) return this.reset(id);
    const start = Math.max(0, this.ring.length - (this.seq - since));
    const looked = this.ring.slice(start, start + limit);
    const last = looked.length > 0 ? looked[looked.length - 1].seq : this.seq;
    const events = allow ? looked.filter((_, i) => allow(this.keys[start + i])) : looked;
    return { epoch: this.epoch, seq: last, events, cluster: this.cluster, exportScope: id };
  }

  /** Wake every long poll now, and answer later ones at once (server shutdown). */
  close(): void {
    this.closed = true;
    for (const w of this.waiters) w.resolve();
    this.waiters.clear();
  }

  private reset(exportScope: string): ChangesResponse {
    return { epoch: this.epoch, seq: this.seq, events: [], reset: true, cluster: this.cluster, exportScope };
  }

  private waitBeyond(since: number, waitMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const w: Waiter = {
        since,
        resolve: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', w.resolve);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(w);
        w.resolve();
      }, waitMs);
      signal?.addEventListener('abort', () => {
        this.waiters.delete(w);
        w.resolve();
      });
      this.waiters.add(w);
    });
  }
}

/**
 * One literal shape for every kept event (absent fields are undefined, which JSON leaves
 * out): spread copies would give each its own hidden class and cost memory in a long ring.
 */
function stamped(seq: number, e: StreamEvent): ChangeEvent {
  return {
    seq,
    action: e.action,
    kind: e.kind,
    domain: e.domain,
    project: e.project,
    serviceId: e.serviceId,
    origin: e.origin,
    rev: e.rev,
    instanceId: e.instanceId,
    service: e.service,
    tags: e.tags,
    summaries: e.summaries,
    instance: e.instance,
  };
}
