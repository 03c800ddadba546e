/**
 * Who may speak for a cluster. A peer sends its own records and those of clusters it relays;
 * a record labelled with any other cluster's name must not be served just because a peer
 * sent it (an impostor, or a misconfigured relay).
 */
export type RelayTopology = Readonly<{
  /** This server's cluster: its records come from its own registry only. */
  self: string;
  /** Clusters we peer with directly: their records are taken from themselves only. */
  direct: ReadonlySet<string>;
  /** Per sender, the clusters it is declared to relay (its peer entry's `relays`). */
  declared: ReadonlyMap<string, ReadonlySet<string>>;
}>;

export type RelayVerdict = Readonly<{ accepted: boolean; reason: string }>;

/**
 * Whether `sender` may deliver records of `origin`, given the senders that claim it now, in
 * the order they first did:
 * - its own records, always;
 * - never this server's own, nor a direct peer's (we hear those first-hand);
 * - where `relays` are declared for a cluster, only from the senders that declare it, and a
 *   sender with a declared list relays nothing else;
 * - otherwise the first sender to claim it; a second claimant is refused, a conflict until an
 *   operator declares who relays it.
 */
export function relayVerdict(t: RelayTopology, sender: string, origin: string, claimants: readonly string[]): RelayVerdict {
  if (origin === sender) return { accepted: true, reason: 'its own records' };
  if (origin === t.self) return { accepted: false, reason: `labelled as this cluster (${t.self}), whose records come from its own registry only` };
  if (t.direct.has(origin)) return { accepted: false, reason: `${origin} is a direct peer: its records are taken from it only` };
  const own = t.declared.get(sender);
  if (own && own.size > 0) {
    return own.has(origin)
      ? { accepted: true, reason: `declared in ${sender}'s relays` }
      : { accepted: false, reason: `not in ${sender}'s declared relays (${[...own].sort().join(', ')})` };
  }
  const declaredBy = [...t.declared].filter(([, relays]) => relays.has(origin)).map(([s]) => s);
  if (declaredBy.length > 0) return { accepted: false, reason: `relays of ${origin} are declared for ${declaredBy.sort().join(', ')} only` };
  const first = claimants[0];
  if (first === undefined || first === sender) return { accepted: true, reason: claimants.length > 1 ? 'first to claim it (others refused)' : 'the only peer claiming it' };
  return { accepted: false, reason: `also claimed by ${first}, which came first: declare 'relays' for the peer that should relay ${origin}` };
}
