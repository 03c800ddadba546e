import {
  Conflict,
  MergePolicy,
  SourceChange,
  SourceId,
  SourceInput,
  SourceReport,
  SourceState,
  View,
  ViewEvent,
  admit,
  applyChange,
  applyChanges,
  applyChangesSteps,
  conflictsOf,
  diff,
  emptyView,
  release,
  sourceOf,
  sourceStateOf,
  sourceSteps,
  sourceStatesOf,
} from '@service-center/core';
import type { SourceSink } from '../sources/source-sink';
import { inSlices } from './in-slices';

/** Records put in a snapshot, and services merged (each with its instances), per turn of the event loop. */
const RECORD_SLICE = 1_000;
const SERVICE_SLICE = 25;
/** Times a sliced swap is redone when the view moved under it, before it is done at once. */
const RETRIES = 3;

export type ViewListener = (events: readonly ViewEvent[], view: View, before: View) => void;

/**
 * Holds the merged view of every source and keeps it current: snapshots are admitted
 * (quarantine), changes applied incrementally, time advanced by ticks. The new view is
 * stored before anyone is notified (the informer rule), and listeners get the diff.
 */
export class Aggregator implements SourceSink {
  private current: View;
  private readonly listeners = new Set<ViewListener>();
  private changes = 0;

  constructor(
    readonly policy: MergePolicy,
    private readonly now: () => number,
  ) {
    this.current = emptyView(policy, now());
  }

  view(): View {
    return this.current;
  }

  /** Grows with every change of the view (a cheap cache key). */
  version(): number {
    return this.changes;
  }

  /** A whole snapshot of a source (relist, dump pull): admitted (unless the withdrawal is expected), then swapped in. */
  replace(input: SourceInput, withdrawalExpected = false): void {
    const prev = sourceStateOf(this.current, input);
    const state = withdrawalExpected ? sourceOf(input) : admit(prev, sourceOf(input), this.policy, this.now());
    this.publish(applyChanges(this.current, [{ kind: 'tick', now: this.now() }, { kind: 'replace', state }]));
  }

  /**
   * `replace` for a big snapshot: built and merged a slice per turn of the event loop, then
   * swapped in at once, so reads go on meanwhile and never see half of it. When the view
   * changed in between (another source), the merge is redone on the new view. The caller
   * sends no other change of this source until the promise settles.
   */
  async replaceInSlices(input: SourceInput, withdrawalExpected = false): Promise<void> {
    const source = await inSlices(sourceSteps(input, RECORD_SLICE));
    for (let attempt = 0; ; attempt++) {
      const base = this.current;
      const prev = sourceStateOf(base, input);
      const state = withdrawalExpected ? source : admit(prev, source, this.policy, this.now());
      const changes: SourceChange[] = [{ kind: 'tick', now: this.now() }, { kind: 'replace', state }];
      if (attempt >= RETRIES) return this.publish(applyChanges(base, changes));
      const next = await inSlices(applyChangesSteps(base, changes, SERVICE_SLICE));
      if (this.current === base) return this.publish(next);
    }
  }

  /** Incremental changes of sources (watch events, stream batches). */
  apply(changes: readonly SourceChange[]): void {
    if (changes.length === 0) return;
    this.publish(applyChanges(this.current, [{ kind: 'tick', now: this.now() }, ...changes]));
  }

  /** A source stopped answering: its records stay, marked stale from its last confirmation. */
  markUnreachable(id: SourceId, lastConfirmed?: number): void {
    const state = sourceStateOf(this.current, id);
    if (!state || state.source.health.status === 'unreachable') return;
    const since = lastConfirmed ?? state.source.health.lastConfirmed;
    this.apply([{ kind: 'health', source: id, health: { status: 'unreachable', lastConfirmed: since } }]);
  }

  /** The source answered: `changes` (if any) applied, and it is fresh, confirmed now. */
  confirm(id: SourceId, changes: readonly SourceChange[] = []): void {
    const confirmed: SourceChange = { kind: 'health', source: id, health: { status: 'fresh', lastConfirmed: this.now() } };
    this.apply(sourceStateOf(this.current, id) ? [...changes, confirmed] : changes);
  }

  /** A source that is no longer configured: its records leave the view as DELETE events. */
  remove(id: SourceId): void {
    if (sourceStateOf(this.current, id)) this.apply([{ kind: 'remove', source: id }]);
  }

  /** An operator accepts a quarantined withdrawal now. */
  releaseQuarantine(id: SourceId): boolean {
    const state: SourceState | undefined = sourceStateOf(this.current, id);
    if (!state?.quarantine) return false;
    this.publish(applyChange(this.current, { kind: 'replace', state: release(state) }));
    return true;
  }

  /** Let time pass: staleness, demotion and drops move with the clock. */
  tick(): void {
    this.publish(applyChange(this.current, { kind: 'tick', now: this.now() }));
  }

  state(id: SourceId): SourceState | undefined {
    return sourceStateOf(this.current, id);
  }

  conflicts(): Conflict[] {
    return conflictsOf(this.current);
  }

  sources(): SourceReport[] {
    return sourceStatesOf(this.current);
  }

  subscribe(listener: ViewListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private publish(next: View): void {
    const before = this.current;
    if (next === before) return;
    this.current = next;
    this.changes++;
    if (this.listeners.size === 0) return;
    const events = diff(before, next, 'global');
    for (const l of this.listeners) l(events, next, before);
  }
}
