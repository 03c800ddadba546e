import type { DefinitionEntry, InstanceEntry, ServiceScope, View } from '../aggregate/view';
import { instanceEntryOf, serviceEntriesById, serviceEntryOf } from '../aggregate/view';
import { stableStringify } from '../aggregate/internal/compare';
import { serviceKeyText } from '../keys/service-key';
import type { Tenant } from '../keys/service-key';
import { ReservedProperties } from '../model/reserved-properties';
import { lookupServices, servicesOfTenant } from './lookup';
import type { Schema } from '../model/schema';
import type { InstanceRead, ReadInstance, ReadService, RegistryReads } from './reads';

/** The instance as a global answer shows it: origin and staleness in reserved properties. */
export function annotated(i: InstanceEntry): ReadInstance {
  const properties: Record<string, string> = { ...(i.instance.properties ?? {}), [ReservedProperties.origin]: i.origin };
  if (i.stale) {
    properties[ReservedProperties.stale] = 'true';
    if (i.lastConfirmed !== undefined) properties[ReservedProperties.lastConfirmed] = new Date(i.lastConfirmed).toISOString();
    if (i.demoted) properties[ReservedProperties.demoted] = 'true';
  }
  return { ...i.instance, serviceId: i.serviceId, instanceId: i.instanceId, properties };
}

/** Demoted instances are served only when the logical service has nothing fresh. */
export function servedInstances(s: ServiceScope): readonly InstanceEntry[] {
  return s.hasFresh ? s.instances.filter((i) => !i.demoted) : s.instances;
}

/** Content text per record object, computed once: records are immutable once in a view. */
const contentCache = new WeakMap<object, string>();

function contentOf(i: InstanceEntry): string {
  let text = contentCache.get(i.instance);
  if (text === undefined) {
    text = stableStringify(i.instance);
    contentCache.set(i.instance, text);
  }
  return text;
}

/**
 * A merged instance's revision token: origin, ids, the source's revision, staleness and the
 * content itself. Replicas holding the same data answer the same revision, turning stale or
 * demoted moves it (no 304 hides it), and a source that does not bump revisions cannot hide
 * a change.
 */
function tokenOf(i: InstanceEntry): string {
  const flags = i.stale ? `stale@${i.lastConfirmed ?? ''}${i.demoted ? ',demoted' : ''}` : 'fresh';
  return `${i.origin}\u0000${i.serviceId}\u0000${i.instanceId}\u0000${i.rev}\u0000${flags}\u0000${contentOf(i)}`;
}

/** A merged instance as a read answers it. */
export function entryRead(i: InstanceEntry): InstanceRead {
  return { instance: annotated(i), rev: tokenOf(i) };
}

function serviceOf(d: DefinitionEntry): ReadService {
  return d.record.service.serviceId === d.serviceId ? d.record.service : { ...d.record.service, serviceId: d.serviceId };
}

/** What the merged view knows of a definition's schemas: ids and summaries (contents are never synced). */
function schemasOf(d: DefinitionEntry): Schema[] {
  const ids = [...new Set([...(d.record.service.schemas ?? []), ...[...(d.summaries?.keys() ?? [])].sort()])];
  return ids.map((schemaId) => {
    const summary = d.summaries?.get(schemaId)?.summary;
    return summary ? { schemaId, summary } : { schemaId };
  });
}

function scopesById(view: View, tenant: Tenant, serviceId: string): ServiceScope[] {
  return serviceEntriesById(view, tenant, serviceId)
    .map((e) => e.global)
    .filter((s): s is ServiceScope => s !== undefined);
}

/**
 * The merged view as registry reads (`global=true`): every source's services and instances,
 * one logical service per identity key, the winner's definition, the union of instances in
 * instance-id order, schema summaries without content.
 */
export function viewReads(view: View): RegistryReads {
  const definition = (tenant: Tenant, serviceId: string) => scopesById(view, tenant, serviceId)[0]?.definition;
  return {
    services: (tenant) =>
      servicesOfTenant(view, tenant, 'global').flatMap((e) => (e.global ? [serviceOf(e.global.definition)] : [])),
    service: (tenant, id) => {
      const d = definition(tenant, id);
      return d ? serviceOf(d) : undefined;
    },
    serviceIdsByName: (tenant, environment, appId, serviceName) =>
      lookupServices(view, { tenant, environment, appId, serviceName }, 'global')
        .map((e) => e.global?.definition.serviceId)
        .filter((id): id is string => id !== undefined),
    serviceIdByKey: (key) =>
      serviceEntryOf(view, serviceKeyText(key))?.global?.definition.serviceId ??
      lookupServices(view, { tenant: { domain: key.domain, project: key.project }, environment: key.environment, appId: key.appId, serviceName: key.serviceName }, 'global').find(
        (e) => e.key.version === key.version,
      )?.global?.definition.serviceId,
    tags: (tenant, id) => definition(tenant, id)?.tags ?? {},
    instances: (tenant, id) => {
      const scope = scopesById(view, tenant, id)[0];
      return scope ? servedInstances(scope).map(entryRead) : [];
    },
    instance: (tenant, sid, iid) => {
      for (const scope of scopesById(view, tenant, sid)) {
        const i = instanceEntryOf(scope, iid);
        if (i) return entryRead(i);
      }
      return undefined;
    },
    schemas: (tenant, id) => {
      const d = definition(tenant, id);
      return d ? schemasOf(d) : [];
    },
    // Dependency rules are not part of the merged view: the server resolves its own over it.
    providers: () => [],
    consumers: () => [],
    origins: (tenant, id) => serviceEntriesById(view, tenant, id)[0]?.origins ?? [],
  };
}
