import type { Tenant } from '../keys/service-key';
import type {
  InstanceRecord,
  ServiceRecord,
  Source,
  SourceHealth,
  SourceId,
  SummaryRecord,
  TagsRecord,
} from './snapshot';
import { SourceState, stateOf } from './source-state';
import type { View } from './view';
import { refOf, sourceKeyOf } from './internal/refs';
import { SlotEdit, editSlots, slotEdits } from './internal/slot-edit';
import { copySource } from './internal/source-copy';
import { editView } from './internal/view-editor';
import { runSteps } from './internal/steps';

type On = Readonly<{ source: SourceId }>;

/** One change of one source, as a watch or a relist reports it; or time passing (`tick`). */
export type SourceChange =
  | (On & Readonly<{ kind: 'put-service'; record: ServiceRecord }>)
  | (On & Readonly<{ kind: 'delete-service'; tenant: Tenant; serviceId: string }>)
  | (On & Readonly<{ kind: 'put-instance'; record: InstanceRecord }>)
  | (On & Readonly<{ kind: 'delete-instance'; tenant: Tenant; serviceId: string; instanceId: string }>)
  | (On & Readonly<{ kind: 'put-tags'; record: TagsRecord }>)
  | (On & Readonly<{ kind: 'delete-tags'; tenant: Tenant; serviceId: string }>)
  | (On & Readonly<{ kind: 'put-summary'; record: SummaryRecord }>)
  | (On & Readonly<{ kind: 'delete-summary'; tenant: Tenant; serviceId: string; schemaId: string }>)
  | (On & Readonly<{ kind: 'health'; health: SourceHealth }>)
  /** A relist, or the result of `admit`: the source's whole state is replaced. */
  | Readonly<{ kind: 'replace'; state: SourceState | Source }>
  | (On & Readonly<{ kind: 'remove' }>)
  | Readonly<{ kind: 'tick'; now: number }>;

export type RecordChange = Exclude<SourceChange, { kind: 'replace' | 'remove' | 'tick' }>;

/** The slot a record change touches. */
function refOfChange(c: RecordChange): string | undefined {
  switch (c.kind) {
    case 'put-service':
      return refOf(c.record.tenant, c.record.service.serviceId);
    case 'put-instance':
      return refOf(c.record.tenant, c.record.instance.serviceId);
    case 'put-tags':
    case 'put-summary':
      return refOf(c.record.tenant, c.record.serviceId);
    case 'health':
      return undefined;
    default:
      return refOf(c.tenant, c.serviceId);
  }
}

type SlotChange = Exclude<RecordChange, { kind: 'health' }>;

function slotEditOf(c: SlotChange): SlotEdit {
  switch (c.kind) {
    case 'put-service': return slotEdits.putService(c.record);
    case 'delete-service': return slotEdits.deleteService(c.tenant, c.serviceId);
    case 'put-instance': return slotEdits.putInstance(c.record);
    case 'delete-instance': return slotEdits.deleteInstance(c.tenant, c.serviceId, c.instanceId);
    case 'put-tags': return slotEdits.putTags(c.record);
    case 'delete-tags': return slotEdits.deleteTags(c.tenant, c.serviceId);
    case 'put-summary': return slotEdits.putSummary(c.record);
    case 'delete-summary': return slotEdits.deleteSummary(c.tenant, c.serviceId, c.schemaId);
  }
}

function isSlotChange(c: SourceChange): c is SlotChange {
  return c.kind !== 'replace' && c.kind !== 'remove' && c.kind !== 'tick' && c.kind !== 'health';
}

function withSource(state: SourceState, next: Source): SourceState {
  return next === state.source ? state : Object.freeze({ source: next, quarantine: state.quarantine });
}

/**
 * Apply a record change to a source's state. Changes edit the current snapshot only: while
 * quarantined, a deleted record is still held, as a withdrawal in a snapshot would be.
 */
export function editSource(state: SourceState, c: RecordChange): SourceState {
  if (c.kind === 'health') return withSource(state, copySource(state.source, { health: c.health }));
  return withSource(state, editSlots(state.source, [slotEditOf(c)]));
}

type Editor = ReturnType<typeof editView>;

function applyTo(editor: Editor, c: Exclude<SourceChange, { kind: 'tick' }>): void {
  if (c.kind === 'replace') {
    const state = stateOf(c.state);
    editor.setSource(sourceKeyOf(state.source), state);
    return;
  }
  const key = sourceKeyOf(c.source);
  if (c.kind === 'remove') {
    editor.setSource(key, undefined);
    return;
  }
  // A change for a source the view does not know has no snapshot to apply to: ignored.
  const state = editor.sources.get(key);
  if (!state) return;
  const ref = refOfChange(c);
  editor.setSource(key, editSource(state, c), ref === undefined ? undefined : [ref], instanceIdsOf(c));
}

/** The instances a change alone touches, when it touches nothing else of its slot. */
function instanceIdsOf(c: RecordChange): readonly string[] | undefined {
  if (c.kind === 'put-instance') return [c.record.instance.instanceId];
  if (c.kind === 'delete-instance') return [c.instanceId];
  return undefined;
}

/** A run of record changes of one source, applied as one edit of its state (the same result as one by one). */
function applyRun(editor: Editor, run: readonly SlotChange[]): void {
  const key = sourceKeyOf(run[0].source);
  const state = editor.sources.get(key);
  if (!state) return;
  editor.setSource(key, withSource(state, editSlots(state.source, run.map(slotEditOf))), run.map((c) => refOfChange(c)!));
}

/**
 * Update a view by one change without a full merge: only the logical services the change
 * touches are recomputed, with the same code the full merge uses, so the result equals
 * `merge` of the changed inputs (at the view's `now`, or the tick's).
 */
export function applyChange(view: View, change: SourceChange): View {
  if (change.kind === 'tick') {
    if (change.now === view.now) return view;
    const editor = editView(view, view.policy, change.now);
    editor.advance();
    return editor.finish();
  }
  const editor = editView(view);
  applyTo(editor, change);
  return editor.finish();
}

/** Apply a burst of changes with one recomputation per touched service. */
export function applyChanges(view: View, changes: readonly SourceChange[]): View {
  return runSteps(applyChangesSteps(view, changes, Infinity));
}

/**
 * `applyChanges` step by step: it pauses (a `yield`) after every `slice` services recomputed
 * and returns the same view. `view` is not touched meanwhile; the result is built on it, so
 * a caller that publishes it must check that the view it holds is still `view`.
 */
export function* applyChangesSteps(view: View, changes: readonly SourceChange[], slice: number): Generator<void, View> {
  let editor: Editor | undefined;
  let current = view;
  for (let i = 0; i < changes.length; ) {
    const c = changes[i];
    if (c.kind === 'tick') {
      if (editor) current = yield* editor.finishSteps(slice);
      editor = undefined;
      current = applyChange(current, c);
      i++;
      continue;
    }
    editor ??= editView(current);
    if (!isSlotChange(c)) {
      applyTo(editor, c);
      i++;
      continue;
    }
    // A stream batch is thousands of record changes of one source: one edit of its state.
    const key = sourceKeyOf(c.source);
    let j = i + 1;
    while (j < changes.length && isSlotChange(changes[j]) && sourceKeyOf((changes[j] as SlotChange).source) === key) j++;
    applyRun(editor, changes.slice(i, j) as SlotChange[]);
    i = j;
  }
  return editor ? yield* editor.finishSteps(slice) : current;
}
