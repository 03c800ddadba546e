import type { MicroServiceInstance } from '@service-center/core';
import type { FindQuery } from '../api/registry-api';

/** The last good answer to one find query. */
export type CachedAnswer = Readonly<{
  query: FindQuery;
  instances: readonly MicroServiceInstance[];
  /** The server's revision of `instances` (sent back as `rev`, answered by 304). */
  revision: string | undefined;
  /** When a server last confirmed this answer (200 or 304), ms since epoch. */
  confirmedAt: number;
  /** A watch event or reconnect says the answer may be out of date. */
  dirty: boolean;
  /** Empty answers received in a row while a non-empty answer is held (empty-list protection). */
  emptyStreak: number;
}>;

/**
 * - `stored`: the answer replaced the cached one;
 * - `protected`: an empty answer was held back, the non-empty cached one is kept;
 * - `confirmed-empty`: enough empty answers in a row: the cache is now empty.
 */
export type OfferOutcome = 'stored' | 'protected' | 'confirmed-empty';

export type InstanceCacheOptions = Readonly<{
  /**
   * Empty answers in a row needed before an empty list replaces a non-empty one (default 3).
   * 1 turns empty-list protection off.
   */
  emptyConfirmations?: number;
  now?: () => number;
}>;

/** The cache key of a query: every field that changes the server's answer. */
export function cacheKeyOf(q: FindQuery): string {
  return JSON.stringify([q.appId, q.serviceName, q.version ?? '', q.global === true, q.env ?? '', q.consumerId ?? '']);
}

/**
 * Last good answers per find query, with their revisions (for `rev` / 304). Answers are
 * replaced whole, never mutated. An empty answer never wipes a non-empty one until it has
 * been seen `emptyConfirmations` times in a row: a registry that briefly answers empty
 * (a restart with an empty store, a peer being resynced) must not leave callers with nothing.
 * While an empty answer is held back the old revision is kept, so the next request asks the
 * server again instead of getting a 304 for the empty state.
 */
export class InstanceCache {
  private readonly answers = new Map<string, CachedAnswer>();
  private readonly confirmations: number;
  private readonly now: () => number;

  constructor(options: InstanceCacheOptions = {}) {
    this.confirmations = Math.max(1, options.emptyConfirmations ?? 3);
    this.now = options.now ?? Date.now;
  }

  get(q: FindQuery): CachedAnswer | undefined {
    return this.answers.get(cacheKeyOf(q));
  }

  /** A full answer (200) from a server. */
  offer(q: FindQuery, instances: readonly MicroServiceInstance[], revision: string | undefined): OfferOutcome {
    const key = cacheKeyOf(q);
    const held = this.answers.get(key);
    const now = this.now();
    if (instances.length === 0 && held && held.instances.length > 0) {
      const emptyStreak = held.emptyStreak + 1;
      if (emptyStreak < this.confirmations) {
        this.answers.set(key, { ...held, emptyStreak });
        return 'protected';
      }
      this.answers.set(key, { query: q, instances: [], revision, confirmedAt: now, dirty: false, emptyStreak: 0 });
      return 'confirmed-empty';
    }
    this.answers.set(key, { query: q, instances, revision, confirmedAt: now, dirty: false, emptyStreak: 0 });
    return 'stored';
  }

  /** A 304: the server says the cached answer is still current. */
  confirm(q: FindQuery, revision: string | undefined): CachedAnswer | undefined {
    const key = cacheKeyOf(q);
    const held = this.answers.get(key);
    if (!held) return undefined;
    const next = { ...held, revision: revision ?? held.revision, confirmedAt: this.now(), dirty: false, emptyStreak: 0 };
    this.answers.set(key, next);
    return next;
  }

  /** Mark answers out of date (all of them, or those `which` selects) so the next read revalidates. */
  invalidate(which?: (q: FindQuery) => boolean): number {
    let n = 0;
    for (const [key, a] of this.answers) {
      if (which && !which(a.query)) continue;
      if (!a.dirty) this.answers.set(key, { ...a, dirty: true });
      n += 1;
    }
    return n;
  }

  size(): number {
    return this.answers.size;
  }
}
