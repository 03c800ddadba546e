import {
  DefinitionEntry,
  InstanceEntry,
  ReservedProperties,
  ServiceKey,
  ServiceScope,
  Tenant,
  View,
  etcdKey,
  lookupServices,
  serviceEntriesById,
  serviceEntryOf,
  serviceKeyText,
} from '@service-center/core';
import type { Kv } from '../store/kv';
import type { StoredInstance, StoredService } from '../registry/reads';
import type { DiscoverySource } from '../services/discovery-source';

/** Reserved property names of global answers (core); re-exported for the server's callers. */
export { ReservedProperties };

function kvOf(key: string, value: unknown, rev: number): Kv {
  return { key, value, createRevision: rev, modRevision: rev, version: 1, lease: 0 };
}

function storedService(tenant: Tenant, d: DefinitionEntry): StoredService {
  const service = { ...d.record.service, serviceId: d.serviceId };
  return { tenant, service, kv: kvOf(etcdKey.service(tenant, d.serviceId), service, d.rev) };
}

/** The instance as a global answer shows it: origin and staleness in reserved properties. */
export function annotated(i: InstanceEntry): StoredInstance['instance'] {
  const properties: Record<string, string> = { ...(i.instance.properties ?? {}), [ReservedProperties.origin]: i.origin };
  if (i.stale) {
    properties[ReservedProperties.stale] = 'true';
    if (i.lastConfirmed !== undefined) properties[ReservedProperties.lastConfirmed] = new Date(i.lastConfirmed).toISOString();
    if (i.demoted) properties[ReservedProperties.demoted] = 'true';
  }
  return { ...i.instance, serviceId: i.serviceId, instanceId: i.instanceId, properties };
}

function storedInstance(tenant: Tenant, i: InstanceEntry): StoredInstance {
  const instance = annotated(i);
  // Turning stale or demoted changes the answer, so it must change the revision (no 304).
  const revisionExtra = `${i.origin}${i.stale ? `|stale@${i.lastConfirmed ?? ''}` : ''}${i.demoted ? '|demoted' : ''}`;
  return { tenant, instance, kv: kvOf(etcdKey.instance(tenant, i.serviceId, i.instanceId), instance, i.rev), revisionExtra };
}

/** Demoted instances only when the logical service has nothing fresh (design rule 5). */
export function servedInstances(s: ServiceScope): readonly InstanceEntry[] {
  return s.hasFresh ? s.instances.filter((i) => !i.demoted) : s.instances;
}

function scopesById(view: View, tenant: Tenant, serviceId: string): ServiceScope[] {
  return serviceEntriesById(view, tenant, serviceId)
    .map((e) => e.global)
    .filter((s): s is ServiceScope => s !== undefined);
}

/**
 * Discovery over the merged view (`global=true`): every source's services and instances,
 * one logical service per identity key, the winner's definition, the union of instances.
 */
export function mergedSource(view: View): DiscoverySource {
  const definition = (tenant: Tenant, serviceId: string) => scopesById(view, tenant, serviceId)[0]?.definition;
  return {
    getService: (tenant, id) => {
      const d = definition(tenant, id);
      return d ? storedService(tenant, d) : undefined;
    },
    serviceIdsByName: (tenant, environment, appId, serviceName) =>
      lookupServices(view, { tenant, environment, appId, serviceName }, 'global')
        .map((e) => e.global?.definition.serviceId)
        .filter((id): id is string => id !== undefined),
    serviceIdByKey: (key: ServiceKey) => {
      const e = serviceEntryOf(view, serviceKeyText(key));
      return e?.global?.definition.serviceId;
    },
    tagsOf: (tenant, id) => definition(tenant, id)?.tags ?? {},
    instancesOf: (tenant, id) => {
      const scope = scopesById(view, tenant, id)[0];
      return scope ? servedInstances(scope).map((i) => storedInstance(tenant, i)) : [];
    },
    instanceOf: (tenant, sid, iid) => {
      for (const scope of scopesById(view, tenant, sid)) {
        const i = scope.instances.find((x) => x.instanceId === iid);
        if (i) return storedInstance(tenant, i);
      }
      return undefined;
    },
  };
}
