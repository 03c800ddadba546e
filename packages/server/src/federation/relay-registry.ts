import { relayVerdict } from '@service-center/core';
import type { RelayTopology } from '@service-center/core';
import type { Logger } from 'pino';
import type { RelayGate, RelayItem } from '../sources/servicecenter/relay-gate';

/**
 * Who claims to relay which cluster, across every peer, judged by core's relay rule. Claims
 * keep their order, so "the first to claim it" is stable until that peer stops claiming it.
 * Copies of our own records (echoes: the merge drops them) and of a direct peer's (taken from
 * it only) are normal, as peers relay what they serve, and are no relay question; a refused
 * relay of any other cluster is logged once per (peer, cluster), and every relayed cluster is
 * shown per peer in `/admin/sources`.
 */
export class RelayRegistry implements RelayGate {
  /** Origin -> the senders claiming it, in the order they first did. */
  private readonly claims = new Map<string, string[]>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly topology: () => RelayTopology,
    private readonly log: Logger,
  ) {}

  claimAll(sender: string, origins: ReadonlySet<string>): void {
    for (const [origin, senders] of this.claims) {
      if (origins.has(origin) || !senders.includes(sender)) continue;
      this.drop(origin, sender);
    }
    for (const origin of origins) this.claim(sender, origin);
  }

  claim(sender: string, origin: string): void {
    if (this.firstHand(sender, origin)) return;
    const senders = this.claims.get(origin) ?? [];
    if (senders.includes(sender)) return;
    senders.push(sender);
    this.claims.set(origin, senders);
    const v = this.verdict(sender, origin);
    const key = `${sender}\u0000${origin}`;
    if (!v.accepted && !this.warned.has(key)) {
      this.warned.add(key);
      this.log.warn({ peer: sender, cluster: origin, reason: v.reason }, 'peer sends records of a cluster it may not relay; they are ignored');
    }
  }

  accepts(sender: string, origin: string): boolean {
    const t = this.topology();
    // Echoes of our own records pass: the merge never serves them, and their definitions are
    // what the relayed instances of other clusters hang on (a relay sends its winner's).
    if (origin === sender || origin === t.self) return true;
    return t.direct.has(origin) ? false : this.verdict(sender, origin).accepted;
  }

  verdicts(sender: string): readonly RelayItem[] {
    const out: RelayItem[] = [];
    for (const [origin, senders] of this.claims) {
      if (!senders.includes(sender) || this.firstHand(sender, origin)) continue;
      const v = this.verdict(sender, origin);
      out.push({ cluster: origin, accepted: v.accepted, reason: v.reason });
    }
    return out.sort((a, b) => (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0));
  }

  firstHandOthers(sender: string): readonly string[] {
    return [...this.topology().direct].filter((o) => o !== sender);
  }

  /** A peer removed: its claims go, and the next claimant of each cluster may take over. */
  forget(sender: string): void {
    for (const origin of [...this.claims.keys()]) this.drop(origin, sender);
    for (const key of [...this.warned]) if (key.startsWith(`${sender}\u0000`)) this.warned.delete(key);
  }

  private drop(origin: string, sender: string): void {
    const rest = (this.claims.get(origin) ?? []).filter((s) => s !== sender);
    if (rest.length > 0) this.claims.set(origin, rest);
    else this.claims.delete(origin);
    this.warned.delete(`${sender}\u0000${origin}`);
  }

  /** The sender's own, ours, or a direct peer's: never a relay question. */
  private firstHand(sender: string, origin: string): boolean {
    const t = this.topology();
    return origin === sender || origin === t.self || t.direct.has(origin);
  }

  private verdict(sender: string, origin: string) {
    return relayVerdict(this.topology(), sender, origin, this.claims.get(origin) ?? []);
  }
}
