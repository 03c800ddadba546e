import { ChangeEvent, SourceChange, SourceId, Tenant } from '@service-center/core';
import { OPEN_RELAY_GATE, RelayGate } from './relay-gate';

/**
 * Turns a peer's change-stream events into merge changes for its source. Summaries travel
 * as a whole map per service, so the schema ids last seen per service are remembered to
 * delete the ones that disappear.
 */
export class StreamTranslator {
  private readonly schemaIds = new Map<string, Set<string>>();

  constructor(
    private readonly source: SourceId,
    /** Which origins this peer may deliver (the relay rule, see dumpToSource); claims them first. */
    private readonly relays: RelayGate = OPEN_RELAY_GATE,
  ) {}

  /** Forget what was seen (after a full resync from the dump). */
  reset(summaries: Iterable<{ tenant: Tenant; serviceId: string; schemaId: string }>): void {
    this.schemaIds.clear();
    for (const s of summaries) this.remember(refOf(s.tenant, s.serviceId), s.schemaId);
  }

  translate(events: readonly ChangeEvent[]): SourceChange[] {
    const out: SourceChange[] = [];
    const sender = this.source.cluster;
    for (const e of events) {
      this.relays.claim(sender, e.origin);
      if (this.relays.accepts(sender, e.origin)) out.push(...this.one(e));
    }
    return out;
  }

  private one(e: ChangeEvent): SourceChange[] {
    const source = this.source;
    const tenant: Tenant = { domain: e.domain, project: e.project };
    const meta = { origin: e.origin, rev: e.rev };
    if (e.kind === 'instance') {
      const instanceId = e.instanceId ?? '';
      if (e.action === 'DELETE' || !e.instance) {
        return [{ kind: 'delete-instance', source, tenant, serviceId: e.serviceId, instanceId }];
      }
      return [{ kind: 'put-instance', source, record: { ...meta, tenant, instance: { ...e.instance, serviceId: e.serviceId, instanceId } } }];
    }
    const ref = refOf(tenant, e.serviceId);
    const known = this.schemaIds.get(ref) ?? new Set<string>();
    if (e.action === 'DELETE' || !e.service) {
      this.schemaIds.delete(ref);
      return [
        { kind: 'delete-service', source, tenant, serviceId: e.serviceId },
        { kind: 'delete-tags', source, tenant, serviceId: e.serviceId },
        ...[...known].map((schemaId): SourceChange => ({ kind: 'delete-summary', source, tenant, serviceId: e.serviceId, schemaId })),
      ];
    }
    const out: SourceChange[] = [{ kind: 'put-service', source, record: { ...meta, tenant, service: { ...e.service, serviceId: e.serviceId } } }];
    out.push(
      e.tags && Object.keys(e.tags).length > 0
        ? { kind: 'put-tags', source, record: { ...meta, tenant, serviceId: e.serviceId, tags: e.tags } }
        : { kind: 'delete-tags', source, tenant, serviceId: e.serviceId },
    );
    const now = new Set(Object.keys(e.summaries ?? {}));
    for (const schemaId of known) {
      if (!now.has(schemaId)) out.push({ kind: 'delete-summary', source, tenant, serviceId: e.serviceId, schemaId });
    }
    for (const [schemaId, summary] of Object.entries(e.summaries ?? {})) {
      out.push({ kind: 'put-summary', source, record: { ...meta, tenant, serviceId: e.serviceId, schemaId, summary } });
    }
    this.schemaIds.set(ref, now);
    return out;
  }

  private remember(ref: string, schemaId: string): void {
    let set = this.schemaIds.get(ref);
    if (!set) this.schemaIds.set(ref, (set = new Set()));
    set.add(schemaId);
  }
}

function refOf(t: Tenant, serviceId: string): string {
  return `${t.domain}/${t.project}/${serviceId}`;
}

/** Instance withdrawals in a batch: many at once are verified with a full snapshot. */
export function withdrawnInBatch(events: readonly ChangeEvent[]): number {
  return events.filter((e) => e.kind === 'instance' && e.action === 'DELETE').length;
}
