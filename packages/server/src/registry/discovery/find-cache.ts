import { gzipSync } from 'node:zlib';

/** Bodies smaller than this go out as they are: gzip would save next to nothing. */
const GZIP_MIN_BYTES = 1024;

/**
 * One serialized find answer, kept as the bytes sent: a cached answer is written to the
 * socket without being re-encoded, and its gzip copy is made once, on the first request
 * that accepts it.
 */
export class CachedAnswer {
  private gzip: Buffer | undefined;

  constructor(
    readonly epoch: string,
    readonly revision: string,
    readonly body: Buffer,
  ) {}

  /** The gzipped body, or undefined when the body is too small to be worth it. */
  gzipped(): Buffer | undefined {
    if (this.body.length < GZIP_MIN_BYTES) return undefined;
    return (this.gzip ??= gzipSync(this.body));
  }
}

/**
 * Serialized find answers, reused while nothing they depend on has changed. A find is the
 * hottest read (every client polls it); its answer depends only on the request and on the
 * data's state, which `epoch` names (the store revision plus change counters of the views).
 * Heartbeats do not change the epoch, so a steady registry answers from here.
 */
export class FindCache {
  private readonly entries = new Map<string, CachedAnswer>();

  constructor(private readonly max = 10_000) {}

  get(key: string, epoch: string): CachedAnswer | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.epoch !== epoch) {
      this.entries.delete(key);
      return undefined;
    }
    return hit;
  }

  set(key: string, answer: CachedAnswer): void {
    // Oldest first out: Map keeps insertion order.
    if (this.entries.size >= this.max && !this.entries.has(key)) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, answer);
  }

  size(): number {
    return this.entries.size;
  }
}
