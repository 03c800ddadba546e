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
import { slotEdits } from './internal/slot-edit';
import { copySource } from './internal/source-copy';
import { editView } from './internal/view-editor';

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

/**
 * Apply a record change to a source's state. Changes edit the current snapshot only: while
 * quarantined, a deleted record is still held, as a withdrawal in a snapshot would be.
 */
export function editSource(state: SourceState, c: RecordChange): SourceState {
  const s = state.source;
  let next: Source;
  switch (c.kind) {
    case 'put-service': next = slotEdits.putService(s, c.record); break;
    case 'delete-service': next = slotEdits.deleteService(s, c.tenant, c.serviceId); break;
    case 'put-instance': next = slotEdits.putInstance(s, c.record); break;
    case 'delete-instance': next = slotEdits.deleteInstance(s, c.tenant, c.serviceId, c.instanceId); break;
    case 'put-tags': next = slotEdits.putTags(s, c.record); break;
    case 'delete-tags': next = slotEdits.deleteTags(s, c.tenant, c.serviceId); break;
    case 'put-summary': next = slotEdits.putSummary(s, c.record); break;
    case 'delete-summary': next = slotEdits.deleteSummary(s, c.tenant, c.serviceId, c.schemaId); break;
    case 'health': next = copySource(s, { health: c.health }); break;
  }
  return next === s ? state : Object.freeze({ source: next, quarantine: state.quarantine });
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
  let editor: Editor | undefined;
  let current = view;
  for (const c of changes) {
    if (c.kind === 'tick') {
      if (editor) current = editor.finish();
      editor = undefined;
      current = applyChange(current, c);
      continue;
    }
    editor ??= editView(current);
    applyTo(editor, c);
  }
  return editor ? editor.finish() : current;
}
