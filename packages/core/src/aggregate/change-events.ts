import type { ChangeEvent } from '../model/change-stream';
import type { DefinitionEntry, InstanceEntry, ServiceScope, View } from './view';
import { serviceEntryOf } from './view';
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
  for (const slice of changeEventSlices(before, after, globalEvents, Infinity)) for (const e of slice) out.push(e);
  return out;
}

/** The events of `changeEventsOf` in order, a slice of them per view event `slice` looked at. */
export function* changeEventSlices(before: View, after: View, globalEvents: readonly ViewEvent[] | undefined, slice: number): Generator<StreamEvent[]> {
  const instances = new InstanceLookup();
  let out: StreamEvent[] = [];
  let looked = 0;
  const full = () => ++looked % slice === 0 && out.length > 0;
  for (const e of diff(before, after, 'local')) {
    out.push(streamEventOf(e, after, 'local', instances));
    if (full()) {
      yield out;
      out = [];
    }
  }
  for (const e of globalEvents ?? diff(before, after, 'global')) {
    if (e.origin !== after.self) out.push(streamEventOf(e, after, 'global', instances));
    if (full()) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}

function scopeOf(view: View, e: ViewEvent, scope: Scope): ServiceScope | undefined {
  const entry = serviceEntryOf(view, serviceKeyText(e.key));
  return entry && scopeOfEntry(entry, scope);
}

/**
 * The instances of each service scope by id, indexed on first use: a snapshot of a big peer
 * has thousands of events per service, and a scan of the scope per event is quadratic.
 */
class InstanceLookup {
  private readonly byScope = new Map<ServiceScope, Map<string, InstanceEntry>>();

  find(s: ServiceScope | undefined, serviceId: string, instanceId: string): InstanceEntry | undefined {
    if (!s) return undefined;
    let index = this.byScope.get(s);
    if (!index) {
      index = new Map();
      // The first of equal ids wins, as a scan from the start would find it.
      for (const i of s.instances) {
        const id = `${i.serviceId}/${i.instanceId}`;
        if (!index.has(id)) index.set(id, i);
      }
      this.byScope.set(s, index);
    }
    return index.get(`${serviceId}/${instanceId}`);
  }
}

function streamEventOf(e: ViewEvent, view: View, scope: Scope, instances: InstanceLookup): StreamEvent {
  // Plain literals, not spreads of a shared base: a big snapshot makes 100k of these at once.
  const { key, action, serviceId, origin } = e;
  const { domain, project } = key;
  if (action === 'DELETE') {
    return e.kind === 'instance'
      ? { key, action, domain, project, serviceId, origin, kind: 'instance', instanceId: e.instanceId, rev: 0 }
      : { key, action, domain, project, serviceId, origin, kind: 'service', rev: 0 };
  }
  const s = scopeOf(view, e, scope);
  if (e.kind === 'instance') {
    const rev = instances.find(s, serviceId, e.instanceId)?.rev ?? 0;
    return { key, action, domain, project, serviceId, origin, kind: 'instance', instanceId: e.instanceId, rev, instance: e.instance };
  }
  const d: DefinitionEntry | undefined = s?.definition;
  const summaries = d?.summaries ? Object.fromEntries([...d.summaries].map(([id, r]) => [id, r.summary])) : undefined;
  return { key, action, domain, project, serviceId, origin, kind: 'service', rev: d?.rev ?? 0, service: d?.record.service ?? e.service, tags: d?.tags, summaries };
}
