/** One frame for a watcher, with what it may be coalesced by. */
export type WatchFrame = Readonly<{
  /** The JSON text sent. */
  text: string;
  /** The provider's watch key as JSON text (`key` of the frame). */
  providerKey: string;
  /** The instance it is about: a later frame for the same one replaces this one. */
  instanceId: string;
}>;

type Queued = Readonly<{ text: string; queuedNs: bigint }>;

/**
 * The frames a watcher has yet to be sent, at most `limit`. A newer change of an instance
 * replaces its queued one (only the latest state matters to the client). When more distinct
 * instances changed than the queue holds, the queued frames are dropped for one RESYNC frame
 * per provider concerned: the client re-lists those providers instead of being cut off.
 */
export class WatchQueue {
  private readonly frames = new Map<string, Queued>();
  /** RESYNC frames queued: one per provider at most, so they do not count against the limit. */
  private resyncs = 0;

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.frames.size;
  }

  /** Queue a frame: how many queued frames it made unnecessary, and whether it overflowed into RESYNC. */
  push(f: WatchFrame, nowNs: bigint): { dropped: number; resynced: boolean } {
    const key = `${f.providerKey}\u0000${f.instanceId}`;
    const replaced = this.frames.delete(key) ? 1 : 0;
    if (this.frames.size - this.resyncs < this.limit) {
      this.frames.set(key, { text: f.text, queuedNs: nowNs });
      return { dropped: replaced, resynced: false };
    }
    return { dropped: replaced + this.resync(f.providerKey, nowNs), resynced: true };
  }

  /** The next frame to send, oldest first. */
  shift(): Queued | undefined {
    const first = this.frames.entries().next();
    if (first.done === true) return undefined;
    this.frames.delete(first.value[0]);
    if (first.value[0].startsWith(RESYNC_MARK)) this.resyncs -= 1;
    return first.value[1];
  }

  clear(): void {
    this.frames.clear();
    this.resyncs = 0;
  }

  private resync(overflowing: string, nowNs: bigint): number {
    const providers = new Set<string>([overflowing]);
    let dropped = 1; // the frame that did not fit
    for (const key of this.frames.keys()) {
      if (key.startsWith(RESYNC_MARK)) {
        providers.add(key.slice(RESYNC_MARK.length));
        continue;
      }
      providers.add(key.slice(0, key.indexOf('\u0000')));
      dropped += 1;
    }
    this.frames.clear();
    for (const p of providers) this.frames.set(`${RESYNC_MARK}${p}`, { text: resyncFrame(p), queuedNs: nowNs });
    this.resyncs = providers.size;
    return dropped;
  }
}

const RESYNC_MARK = '\u0001resync\u0000';

/**
 * `{"action":"RESYNC","key":…,"instance":{}}`: events of this provider were dropped; list its
 * instances again. Service-Center clients ignore an action they do not know; the empty
 * instance keeps those that read `instance` before the action from failing.
 */
export function resyncFrame(providerKey: string): string {
  return `{"action":"RESYNC","key":${providerKey},"instance":{}}`;
}
