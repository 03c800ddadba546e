import type { MergePolicy, SourceChange, SourceId, SourceInput, SourceState } from '@service-center/core';

/**
 * Where every source (the local registry, a peer, the Kubernetes API) delivers what it
 * knows: whole snapshots, incremental changes, confirmations and failures. The federation's
 * aggregator is the one implementation; sources depend only on this shape.
 */
export interface SourceSink {
  readonly policy: MergePolicy;
  /**
   * A whole snapshot of a source (relist, dump pull). `withdrawalExpected`: what it no longer
   * holds was filtered out on purpose (a narrowed export or import), so it skips quarantine.
   */
  replace(input: SourceInput, withdrawalExpected?: boolean): void;
  /**
   * `replace` for a big snapshot, without holding up the event loop: resolves once it is
   * swapped in. No other change of the same source may be sent before.
   */
  replaceInSlices(input: SourceInput, withdrawalExpected?: boolean): Promise<void>;
  /** Incremental changes (watch events, stream batches). */
  apply(changes: readonly SourceChange[]): void;
  /** The source answered: `changes` (if any) applied, and it is fresh, confirmed now. */
  confirm(id: SourceId, changes?: readonly SourceChange[]): void;
  /** The source stopped answering: its records stay, stale from their last confirmation. */
  markUnreachable(id: SourceId, lastConfirmed?: number): void;
  state(id: SourceId): SourceState | undefined;
}

/** Every source has this shape: from `start` until `stop` it feeds its sink. */
export interface Source {
  readonly id: SourceId;
  start(): void;
  stop(): Promise<void>;
}
