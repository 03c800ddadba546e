import { randomUUID } from 'node:crypto';
import type { ChangeEvent, ChangesResponse, StreamEvent } from '@service-center/core';

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
    }
    if (this.ring.length > this.capacity) this.ring.splice(0, this.ring.length - this.capacity);
    const ready = [...this.waiters].filter((w) => w.since < this.seq);
    for (const w of ready) {
      this.waiters.delete(w);
      w.resolve();
    }
  }

  /** Changes after `since` of `epoch`; waits up to `waitMs` for one when there are none. */
  async read(epoch: string, since: number, waitMs: number, limit = 10_000, signal?: AbortSignal): Promise<ChangesResponse> {
    if (epoch !== this.epoch || since > this.seq) return this.reset();
    if (since === this.seq && waitMs > 0 && !this.closed) await this.waitBeyond(since, waitMs, signal);
    const oldest = this.ring.length > 0 ? this.ring[0].seq : this.seq + 1;
    if (since + 1 < oldest && since < this.seq) return this.reset();
    const start = this.ring.length - (this.seq - since);
    const events = this.ring.slice(Math.max(0, start), Math.max(0, start) + limit);
    const last = events.length > 0 ? events[events.length - 1].seq : this.seq;
    return { epoch: this.epoch, seq: last, events, cluster: this.cluster };
  }

  /** Wake every long poll now, and answer later ones at once (server shutdown). */
  close(): void {
    this.closed = true;
    for (const w of this.waiters) w.resolve();
    this.waiters.clear();
  }

  private reset(): ChangesResponse {
    return { epoch: this.epoch, seq: this.seq, events: [], reset: true, cluster: this.cluster };
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
