import { DumpResponse, MicroService, MicroServiceInstance, Tenant, parseEtcdKey } from '@service-center/core';

/** scctl's tenant filter: `--all-domains`, or the domain given by `-d` (a prefix match on `domain/`). */
export type DomainFilter = Readonly<{ allDomains: boolean; domain: string }>;

export function inDomain(tenant: Tenant, f: DomainFilter): boolean {
  return f.allDomains || `${tenant.domain}/${tenant.project}/`.startsWith(`${f.domain}/`);
}

export type DumpService = Readonly<{ tenant: Tenant; service: MicroService & { serviceId: string }; cluster: string | undefined }>;
export type DumpInstance = Readonly<{ tenant: Tenant; instance: MicroServiceInstance & { serviceId: string; instanceId: string }; cluster: string | undefined }>;

/** The services of a dump with their tenant (from the item key); items without a usable key are skipped. */
export function dumpServices(dump: DumpResponse): DumpService[] {
  const out: DumpService[] = [];
  for (const item of dump.cache?.services ?? []) {
    const k = parseEtcdKey(item.key);
    if (k?.kind !== 'service' || !item.value) continue;
    out.push({ tenant: k.tenant, service: { ...item.value, serviceId: item.value.serviceId ?? k.serviceId }, cluster: item.cluster });
  }
  return out;
}

export function dumpInstances(dump: DumpResponse): DumpInstance[] {
  const out: DumpInstance[] = [];
  for (const item of dump.cache?.instances ?? []) {
    const k = parseEtcdKey(item.key);
    if (k?.kind !== 'instance' || !item.value) continue;
    out.push({
      tenant: k.tenant,
      instance: { ...item.value, serviceId: item.value.serviceId ?? k.serviceId, instanceId: item.value.instanceId ?? k.instanceId },
      cluster: item.cluster,
    });
  }
  return out;
}

/** Values in first-seen order, without repeats or empties. */
export function distinct(values: readonly (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const v of values) if (v !== undefined && v !== '' && !out.includes(v)) out.push(v);
  return out;
}
