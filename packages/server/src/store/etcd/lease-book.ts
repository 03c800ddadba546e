/**
 * What this process knows about etcd leases, so `leaseTtl` can answer synchronously.
 *
 * etcd owns the leases: it expires them by its own clock and deletes their keys. This book is
 * a local cache of granted TTLs and deadlines, set when this process grants a lease, refreshed
 * by every keepAlive it sends (the answer carries the full TTL) and by background lookups
 * (LeaseTimeToLive) of leases granted by another replica. A deadline here is an estimate: a
 * replica sharing the etcd may have renewed the lease since.
 */
export type LeaseInfo = { ttl: number; deadline: number };

export class LeaseBook {
  private readonly known = new Map<number, LeaseInfo>();
  /** Leases this process is revoking or has revoked, with when (their deletions are 'lease-revoked'). */
  private readonly revoked = new Map<number, number>();

  constructor(private readonly now: () => number) {}

  /** Record a TTL (seconds) and the remaining seconds etcd reported (default: the whole TTL). */
  set(lease: number, ttl: number, remaining = ttl): void {
    this.known.set(lease, { ttl, deadline: this.now() + remaining * 1000 });
  }

  get(lease: number): LeaseInfo | undefined {
    return this.known.get(lease);
  }

  forget(lease: number): void {
    this.known.delete(lease);
  }

  /** Leases whose local deadline has passed. */
  overdue(): number[] {
    const now = this.now();
    return [...this.known].filter(([, l]) => l.deadline <= now).map(([id]) => id);
  }

  markRevoking(lease: number): void {
    this.revoked.set(lease, this.now());
    // Keep the set small: a revoke's deletions arrive within moments.
    if (this.revoked.size > 1000) {
      const old = this.now() - 10 * 60_000;
      for (const [id, at] of this.revoked) if (at < old) this.revoked.delete(id);
    }
  }

  unmarkRevoking(lease: number): void {
    this.revoked.delete(lease);
  }

  revokedHere(lease: number): boolean {
    return this.revoked.has(lease);
  }

  /** Drop leases long past their deadline that hold no keys (expired quietly in etcd). */
  prune(hasKeys: (lease: number) => boolean): void {
    const old = this.now() - 60_000;
    for (const [id, l] of this.known) if (l.deadline < old && !hasKeys(id)) this.known.delete(id);
  }
}
