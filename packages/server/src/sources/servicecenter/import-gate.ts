import { ShareRules, SourceChange, SourceInput, Tenant, filterSourceInput, serviceKeyOf, shareFilter } from '@service-center/core';

/**
 * The import rules for one peer, applied before the aggregator: a dump is filtered whole; a
 * stream batch by the services let in so far (instance, tag and summary changes carry only a
 * service id, so the gate remembers which ids passed).
 */
export class ImportGate {
  private allowed = new Set<string>();

  constructor(
    private readonly peer: string,
    private rules: ShareRules,
  ) {}

  active(): ShareRules {
    return this.rules;
  }

  /** New rules; the caller resyncs from the dump to apply them. */
  set(rules: ShareRules): void {
    this.rules = rules;
  }

  snapshot(input: SourceInput): SourceInput {
    const out = filterSourceInput(input, shareFilter(this.rules, this.peer));
    this.allowed = new Set((out.services ?? []).map((r) => refOf(r.tenant, r.service.serviceId)));
    return out;
  }

  changes(changes: readonly SourceChange[]): SourceChange[] {
    const allow = shareFilter(this.rules, this.peer);
    if (!allow) return [...changes];
    const out: SourceChange[] = [];
    for (const c of changes) {
      if (c.kind === 'put-service') {
        const ref = refOf(c.record.tenant, c.record.service.serviceId);
        if (allow(serviceKeyOf(c.record.tenant, c.record.service))) this.allowed.add(ref);
        else if (this.allowed.delete(ref)) out.push({ kind: 'delete-service', source: c.source, tenant: c.record.tenant, serviceId: c.record.service.serviceId });
        if (this.allowed.has(ref)) out.push(c);
        continue;
      }
      const ref = refOfChange(c);
      // A deleted service's id stays known: its tag and summary deletes follow in the same batch.
      if (ref !== undefined && this.allowed.has(ref)) out.push(c);
    }
    return out;
  }
}

function refOf(t: Tenant, serviceId: string): string {
  return `${t.domain}/${t.project}/${serviceId}`;
}

function refOfChange(c: SourceChange): string | undefined {
  switch (c.kind) {
    case 'delete-service':
    case 'delete-tags':
    case 'delete-summary':
      return refOf(c.tenant, c.serviceId);
    case 'delete-instance':
      return refOf(c.tenant, c.serviceId);
    case 'put-instance':
      return refOf(c.record.tenant, c.record.instance.serviceId);
    case 'put-tags':
    case 'put-summary':
      return refOf(c.record.tenant, c.record.serviceId);
    default:
      return undefined;
  }
}
