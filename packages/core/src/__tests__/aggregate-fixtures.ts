// Builders and canonical forms shared by the aggregate and query specs.
import { DEFAULT_TENANT, Tenant, serviceKeyOf, serviceKeyText } from '../keys/service-key';
import { serviceIdOf } from '../keys/ids';
import type { MicroService } from '../model/micro-service';
import type { MicroServiceInstance } from '../model/instance';
import { mergePolicy } from '../aggregate/policy';
import {
  InstanceRecord,
  ServiceRecord,
  Source,
  SourceHealth,
  SourceKind,
  SummaryRecord,
  TagsRecord,
  sourceOf,
} from '../aggregate/snapshot';
import type { ServiceEntry, ServiceScope, View, DefinitionEntry, InstanceEntry } from '../aggregate/view';
import { conflictsOf, serviceEntryOf } from '../aggregate/view';
import { PMap, pentries } from '../aggregate/internal/pmap';
import { stableStringify } from '../aggregate/internal/compare';

export const T: Tenant = DEFAULT_TENANT;
export const SELF = 'sc1';
export const T0 = 1_700_000_000_000;
export const MIN = 60_000;

/** Short windows so tests read easily: demote after 1 min, drop after 5 min, quarantine 80% of >= 5. */
export const POLICY = mergePolicy(SELF, {
  demoteAfter: MIN,
  dropAfter: 5 * MIN,
  quarantineShare: 0.8,
  quarantineMin: 5,
  quarantineConfirmations: 3,
});

export const FRESH: SourceHealth = { status: 'fresh', lastConfirmed: T0 };
export const unreachableSince = (t: number): SourceHealth => ({ status: 'unreachable', lastConfirmed: t });

export type SvcOpts = Partial<MicroService> & { rev?: number; tenant?: Tenant };

/** A service record; the serviceId defaults to SC's deterministic sha1 of the key. */
export function svc(origin: string, serviceName: string, o: SvcOpts = {}): ServiceRecord {
  const { rev = 1, tenant = T, ...fields } = o;
  const base = { appId: 'app', serviceName, version: '1.0.0', environment: '', level: 'BACK', status: 'UP', timestamp: '1000', ...fields };
  const serviceId = fields.serviceId ?? serviceIdOf(serviceKeyOf(tenant, base));
  return { tenant, origin, rev, service: { ...base, serviceId } };
}

export type InstOpts = Partial<MicroServiceInstance> & { rev?: number };

export function inst(origin: string, service: ServiceRecord | string, instanceId: string, o: InstOpts = {}): InstanceRecord {
  const { rev = 1, ...fields } = o;
  const serviceId = typeof service === 'string' ? service : service.service.serviceId;
  const tenant = typeof service === 'string' ? T : service.tenant;
  return {
    tenant,
    origin,
    rev,
    instance: { hostName: `host-${instanceId}`, status: 'UP', endpoints: [`rest://${instanceId}:80`], timestamp: '1000', ...fields, serviceId, instanceId },
  };
}

export function tags(origin: string, service: ServiceRecord, t: Record<string, string>, rev = 1): TagsRecord {
  return { tenant: service.tenant, serviceId: service.service.serviceId, tags: t, origin, rev };
}

export function summary(origin: string, service: ServiceRecord, schemaId: string, text: string, rev = 1): SummaryRecord {
  return { tenant: service.tenant, serviceId: service.service.serviceId, schemaId, summary: text, origin, rev };
}

export type Records = {
  services?: readonly ServiceRecord[];
  instances?: readonly InstanceRecord[];
  tags?: readonly TagsRecord[];
  summaries?: readonly SummaryRecord[];
};

export function src(cluster: string, kind: SourceKind, records: Records, health: SourceHealth = FRESH): Source {
  return sourceOf({ cluster, kind, health, ...records });
}

export const local = (records: Records, health?: SourceHealth) => src(SELF, 'local', records, health);
export const peer = (cluster: string, records: Records, health?: SourceHealth) => src(cluster, 'servicecenter', records, health);

// ---- canonical forms: plain data, so views compare with toEqual regardless of object identity ----

function flags(x: DefinitionEntry | InstanceEntry) {
  return { origin: x.origin, rev: x.rev, stale: x.stale, demoted: x.demoted, lastConfirmed: x.lastConfirmed ?? null, held: x.held };
}

function scopeForm(s: ServiceScope | undefined) {
  if (!s) return null;
  const d = s.definition;
  return {
    definition: {
      ...flags(d),
      serviceId: d.serviceId,
      service: stableStringify(d.record.service),
      tags: stableStringify(d.tags ?? {}),
      summaries: stableStringify(Object.fromEntries([...(d.summaries ?? new Map()).values()].map((r) => [r.schemaId, r.summary]))),
    },
    instances: s.instances.map((i) => ({ ...flags(i), id: i.instanceId, serviceId: i.serviceId, instance: stableStringify(i.instance) })),
    hasFresh: s.hasFresh,
  };
}

function entryForm(e: ServiceEntry) {
  return {
    keyText: e.keyText,
    global: scopeForm(e.global),
    local: scopeForm(e.local),
    serviceIds: e.serviceIds,
    origins: e.origins,
    conflicts: e.conflicts,
  };
}

function sortedEntries<V>(m: PMap<V>): [string, V][] {
  return [...pentries(m)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** What clients can observe: services, instances, flags, conflicts, find indexes. */
export function servedForm(view: View) {
  return {
    services: sortedEntries(view.services).map(([, e]) => entryForm(e)),
    names: sortedEntries(view.names),
    aliases: sortedEntries(view.aliases),
    conflicts: conflictsOf(view),
  };
}

/** Everything, bookkeeping included: for applyChange == merge. */
export function fullForm(view: View) {
  return {
    ...servedForm(view),
    now: view.now,
    members: sortedEntries(view.members),
    ids: sortedEntries(view.ids),
    sources: [...view.sources.keys()].sort(),
  };
}

export function entry(view: View, name: string, version = '1.0.0', tenant: Tenant = T): ServiceEntry | undefined {
  return serviceEntryOf(view, serviceKeyText(serviceKeyOf(tenant, { appId: 'app', serviceName: name, version, environment: '' })));
}

export function instanceIds(s: ServiceScope | undefined): string[] {
  return (s?.instances ?? []).map((i) => i.instanceId);
}
