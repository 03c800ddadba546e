/** One relayed cluster a peer sends, and whether we take it (for `/admin/sources`). */
export type RelayItem = Readonly<{ cluster: string; accepted: boolean; reason: string }>;

/**
 * Which clusters a peer may speak for, decided across all peers (the federation's relay
 * registry): each puller says which origins a peer's data carries, then keeps only the
 * records the gate lets through.
 */
export type RelayGate = Readonly<{
  /** A whole snapshot from `sender` carries exactly these origins (its claims are replaced). */
  claimAll(sender: string, origins: ReadonlySet<string>): void;
  /** `sender`'s stream carries `origin` (added to its claims). */
  claim(sender: string, origin: string): void;
  accepts(sender: string, origin: string): boolean;
  /** The relayed clusters `sender` claims now, and the verdict on each. */
  verdicts(sender: string): readonly RelayItem[];
  /** Origins never taken from `sender` whatever it claims: the other direct peers. */
  firstHandOthers(sender: string): readonly string[];
}>;

/** Everything passes (a puller used alone, as in unit tests). */
export const OPEN_RELAY_GATE: RelayGate = {
  claimAll: () => undefined,
  claim: () => undefined,
  accepts: () => true,
  verdicts: () => [],
  firstHandOthers: () => [],
};
