import type { Conflict } from './conflict';
import type { MergePolicy } from './policy';
import type { Source } from './snapshot';
import { SourceState, stateOf } from './source-state';
import { SourceReport, sourceStatesOf } from './source-report';
import { AliasIndexEntry, Contributor, ServiceEntry, View, conflictsOf } from './view';
import { combineStates } from './internal/combine';
import { compareText } from './internal/compare';
import { pmapEmpty } from './internal/pmap';
import { sourceKeyOf } from './internal/refs';
import { editView } from './internal/view-editor';

export type MergeResult = Readonly<{ view: View; conflicts: readonly Conflict[]; sourceStates: readonly SourceReport[] }>;

/** A view with no sources: the starting point for a server that only streams changes. */
export function emptyView(policy: MergePolicy, now: number): View {
  return Object.freeze({
    self: policy.self,
    policy,
    now,
    sources: new Map<string, SourceState>(),
    members: pmapEmpty<readonly Contributor[]>(),
    ids: pmapEmpty<readonly string[]>(),
    services: pmapEmpty<ServiceEntry>(),
    names: pmapEmpty<readonly string[]>(),
    aliases: pmapEmpty<AliasIndexEntry>(),
    conflicts: pmapEmpty<Conflict>(),
    token: {},
    edit: undefined,
  });
}

/** Inputs by source key; the same source given twice is combined, not duplicated. */
export function indexSources(inputs: readonly (Source | SourceState)[]): Map<string, SourceState> {
  const byKey = new Map<string, SourceState>();
  for (const input of inputs) {
    const s = stateOf(input);
    const key = sourceKeyOf(s.source);
    const prev = byKey.get(key);
    byKey.set(key, prev ? combineStates(prev, s) : s);
  }
  return byKey;
}

/**
 * Merge the snapshots of several sources into one view (rules 1-7 of README.md). Pure and
 * deterministic: the result depends on the set of inputs, `policy` and `now` only, never
 * on the order the inputs are given in.
 */
export function merge(inputs: readonly (Source | SourceState)[], policy: MergePolicy, now: number): MergeResult {
  const byKey = indexSources(inputs);
  const editor = editView(emptyView(policy, now));
  for (const key of [...byKey.keys()].sort(compareText)) editor.setSource(key, byKey.get(key));
  const view = editor.finish();
  return { view, conflicts: conflictsOf(view), sourceStates: sourceStatesOf(view) };
}
