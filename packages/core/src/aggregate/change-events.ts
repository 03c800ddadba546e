import type { ChangeEvent } from '../model/change-stream';
import type { DefinitionEntry, InstanceEntry, ServiceScope, View } from './view';
import { instanceEntryOf, serviceEntryOf } from './view';
import { ServiceKey, serviceKeyText } from '../keys/service-key';
import { Scope, scopeOfEntry } from './internal/alias';
import { ViewEvent, diff } from './diff';

/**
 * A change-stream event before the feed numbers it, with the service key it concerns (kept
 * beside the event for export filters, never sent: instance and DELETE events lack it).
 */
export type StreamEvent = Omit<ChangeEvent, 'seq'> & Readonly<{ key: ServiceKey }>;

/**
 * What one change of the merged view offers peers, derived from the view alone (before and
 * after the same transaction): this server's own records as its own sources hold them (the
 * local scope, so a record losing a conflict here still reaches peers, who judge conflicts
 * themselves), and the records of other origins that the merged view serves (relays).
 * `globalEvents` is the global diff when the caller already has it.
 */
export function changeEventsOf(before: View, after: View, globalEvents?: readonly ViewEvent[]): StreamEvent[] {
  const out: StreamEvent[] = [];
  for (const e of diff(before, after, 'local')) out.push(streamEventOf(e, after, 'local'));
  for (const e of globalEvents ?? diff(before, after, 'global')) if (e.origin !== after.self) out.push(streamEventOf(e, after, 'global'));
  return out;
}

function scopeOf(view: View, e: ViewEvent, scope: Scope): ServiceScope | undefined {
  const entry = serviceEntryOf(view, serviceKeyText(e.key));
  return entry && scopeOfEntry(entry, scope);
}

function instanceOf(s: ServiceScope | undefined, serviceId: string, instanceId: string): InstanceEntry | undefined {
  const i = instanceEntryOf(s, instanceId);
  return i?.serviceId === serviceId ? i : undefined;
}

function streamEventOf(e: ViewEvent, view: View, scope: Scope): StreamEvent {
  const base = { key: e.key, action: e.action, domain: e.key.domain, project: e.key.project, serviceId: e.serviceId, origin: e.origin };
  if (e.action === 'DELETE') {
    return e.kind === 'instance' ? { ...base, kind: 'instance', instanceId: e.instanceId, rev: 0 } : { ...base, kind: 'service', rev: 0 };
  }
  const s = scopeOf(view, e, scope);
  if (e.kind === 'instance') {
    return { ...base, kind: 'instance', instanceId: e.instanceId, rev: instanceOf(s, e.serviceId, e.instanceId)?.rev ?? 0, instance: e.instance };
  }
  const d: DefinitionEntry | undefined = s?.definition;
  const summaries = d?.summaries ? Object.fromEntries([...d.summaries].map(([id, r]) => [id, r.summary])) : undefined;
  return { ...base, kind: 'service', rev: d?.rev ?? 0, service: d?.record.service ?? e.service, tags: d?.tags, summaries };
}
