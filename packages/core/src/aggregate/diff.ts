import type { MicroService } from '../model/micro-service';
import type { MicroServiceInstance } from '../model/instance';
import type { ServiceKey } from '../keys/service-key';
import { type DefinitionEntry, type InstanceEntry, type ServiceScope, type View, instanceEntryOf } from './view';
import { Scope, scopeOfEntry } from './internal/alias';
import { compareText, sameValue } from './internal/compare';
import { pchangedKeys, pget } from './internal/pmap';

export type ChangeAction = 'CREATE' | 'UPDATE' | 'DELETE';

/** A change of the served view, for watchers; `origin` is where the record was registered. */
export type ViewEvent =
  | Readonly<{ kind: 'service'; action: ChangeAction; key: ServiceKey; serviceId: string; origin: string; service: MicroService }>
  | Readonly<{
      kind: 'instance';
      action: ChangeAction;
      key: ServiceKey;
      serviceId: string;
      instanceId: string;
      origin: string;
      instance: MicroServiceInstance;
    }>;

/**
 * A record changed when its origin or revision did (the revision contract of RecordMeta),
 * so a relist that returns the same records produces no events. Stale, demoted and held
 * flags are not changes: a source going silent or into quarantine produces no DELETE,
 * and only dropping a record (after `dropAfter`) or confirming a withdrawal does.
 */
function sameDefinition(a: DefinitionEntry, b: DefinitionEntry): boolean {
  if (a.record === b.record && a.tags === b.tags && a.summaries === b.summaries) return true;
  return (
    a.origin === b.origin &&
    a.rev === b.rev &&
    a.serviceId === b.serviceId &&
    sameValue(a.tags, b.tags) &&
    sameSummaries(a, b)
  );
}

function sameSummaries(a: DefinitionEntry, b: DefinitionEntry): boolean {
  const x = a.summaries;
  const y = b.summaries;
  if (x === y) return true;
  if ((x?.size ?? 0) !== (y?.size ?? 0)) return false;
  for (const [id, r] of x ?? []) if (y?.get(id)?.summary !== r.summary) return false;
  return true;
}

function sameInstance(a: InstanceEntry, b: InstanceEntry): boolean {
  return a.instance === b.instance || (a.origin === b.origin && a.rev === b.rev && a.serviceId === b.serviceId);
}

function serviceEvent(action: ChangeAction, key: ServiceKey, d: DefinitionEntry): ViewEvent {
  return { kind: 'service', action, key, serviceId: d.serviceId, origin: d.origin, service: d.record.service };
}

function instanceEvent(action: ChangeAction, key: ServiceKey, i: InstanceEntry): ViewEvent {
  return { kind: 'instance', action, key, serviceId: i.serviceId, instanceId: i.instanceId, origin: i.origin, instance: i.instance };
}

function diffInstances(key: ServiceKey, before: readonly InstanceEntry[], after: readonly InstanceEntry[], out: ViewEvent[]): void {
  // An incremental update keeps the unchanged entries as the same objects: the common head
  // and tail are skipped by reference, leaving the walk to the changed middle.
  let i = 0;
  const common = Math.min(before.length, after.length);
  while (i < common && before[i] === after[i]) i++;
  let endA = before.length;
  let endB = after.length;
  while (endA > i && endB > i && before[endA - 1] === after[endB - 1]) {
    endA--;
    endB--;
  }
  let j = i;
  while (i < endA || j < endB) {
    const a = i < endA ? before[i] : undefined;
    const b = j < endB ? after[j] : undefined;
    const c = !a ? 1 : !b ? -1 : compareText(a.instanceId, b.instanceId);
    if (c < 0) out.push(instanceEvent('DELETE', key, before[i++]));
    else if (c > 0) out.push(instanceEvent('CREATE', key, after[j++]));
    else {
      if (!sameInstance(a!, b!)) out.push(instanceEvent('UPDATE', key, b!));
      i++;
      j++;
    }
  }
}

/** The events of the listed instances only (sorted ids): the others are known to be the same. */
function diffListed(key: ServiceKey, before: ServiceScope, after: ServiceScope, ids: readonly string[], out: ViewEvent[]): void {
  for (const id of ids) {
    const a = instanceEntryOf(before, id);
    const b = instanceEntryOf(after, id);
    if (a === b) continue;
    if (!b) out.push(instanceEvent('DELETE', key, a!));
    else if (!a) out.push(instanceEvent('CREATE', key, b));
    else if (!sameInstance(a, b)) out.push(instanceEvent('UPDATE', key, b));
  }
}

function diffScope(
  key: ServiceKey,
  a: ServiceScope | undefined,
  b: ServiceScope | undefined,
  out: ViewEvent[],
  onlyIds: readonly string[] | undefined,
): void {
  if (a === b) return;
  // A service is created before its instances and deleted after them.
  if (!a && b) out.push(serviceEvent('CREATE', key, b.definition));
  if (onlyIds && a && b) diffListed(key, a, b, onlyIds, out);
  else diffInstances(key, a?.instances ?? [], b?.instances ?? [], out);
  if (a && b && !sameDefinition(a.definition, b.definition)) out.push(serviceEvent('UPDATE', key, b.definition));
  if (a && !b) out.push(serviceEvent('DELETE', key, a.definition));
}

/**
 * The events that turn `before` into `after`, grouped by service key in key order.
 * Unchanged shards of the two views are skipped by reference, so a diff after
 * `applyChange` costs about as much as the change.
 */
export function diff(before: View, after: View, scope: Scope = 'global'): ViewEvent[] {
  const keys = [...pchangedKeys(before.services, after.services)].sort(compareText);
  // Made from `before` by instance writes: those services changed in the listed instances only.
  const spliced = after.edit?.from === before.token ? after.edit.instances : undefined;
  const out: ViewEvent[] = [];
  for (const k of keys) {
    const a = pget(before.services, k);
    const b = pget(after.services, k);
    const key = (b ?? a)!.key;
    diffScope(key, a && scopeOfEntry(a, scope), b && scopeOfEntry(b, scope), out, spliced?.get(k));
  }
  return out;
}
