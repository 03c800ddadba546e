import type { MicroService } from '../model/micro-service';
import type { MicroServiceInstance } from '../model/instance';
import type { Schema } from '../model/schema';
import type { ServiceKey, Tenant } from '../keys/service-key';

export type ReadService = MicroService & { serviceId: string };
export type ReadInstance = MicroServiceInstance & { serviceId: string; instanceId: string };

/** An instance as a read answers it, with the token its answer's revision is made of. */
export type InstanceRead = Readonly<{
  instance: ReadInstance;
  /** Changes whenever the instance as answered changes (store revision, origin, staleness...). */
  rev: string;
}>;

/**
 * What discovery reads: a tenant's services and instances. The local registry (the store seen
 * through self-preservation) and the merged view (`global=true`) both implement it, so find,
 * list and get are written once, here in core.
 */
export interface RegistryReads {
  /** Every service of a tenant (Service-Center's own registration included). */
  services(tenant: Tenant): readonly ReadService[];
  service(tenant: Tenant, serviceId: string): ReadService | undefined;
  /** All versions of env/app/name, by name, else by alias (SC's FindServiceIds). */
  serviceIdsByName(tenant: Tenant, environment: string, appId: string, serviceName: string): readonly string[];
  /** The id registered under an exact key, by name, else by alias (SC's existence). */
  serviceIdByKey(key: ServiceKey): string | undefined;
  tags(tenant: Tenant, serviceId: string): Readonly<Record<string, string>>;
  instances(tenant: Tenant, serviceId: string): readonly InstanceRead[];
  instance(tenant: Tenant, serviceId: string, instanceId: string): InstanceRead | undefined;
  /**
   * The schema ids of a service (its definition's and the uploaded ones) with their summary,
   * and their content where this read holds it (the merged view holds summaries only).
   */
  schemas(tenant: Tenant, serviceId: string): readonly Schema[];
  /** Every version of each service the service's dependency rules name (itself included). */
  providers(tenant: Tenant, serviceId: string): readonly ReadService[];
  /** The services whose dependency rules name this one (itself included). */
  consumers(tenant: Tenant, serviceId: string): readonly ReadService[];
  /** The clusters a merged service's records came from, sorted; empty where reads do not merge. */
  origins(tenant: Tenant, serviceId: string): readonly string[];
}
