import type { Tenant } from '../keys/service-key';
import type { MicroServiceInstance } from '../model/instance';
import type { GovernStatistics, ServiceDetail } from '../model/govern';
import { ORIGIN_CLUSTERS_FIELD } from '../model/govern';
import { ReservedProperties } from '../model/reserved-properties';
import type { DetailOption } from './govern-options';
import type { ReadService, RegistryReads } from './reads';

const RESERVED = new Set<string>(Object.values(ReservedProperties));

/** A list or map, or undefined when empty (Go's omitempty). */
function nonEmpty<A>(list: readonly A[]): A[] | undefined {
  return list.length > 0 ? [...list] : undefined;
}

function nonEmptyMap(m: Readonly<Record<string, string>>): Record<string, string> | undefined {
  return Object.keys(m).length > 0 ? { ...m } : undefined;
}

/**
 * An instance as the govern list shows it: of its properties only the server's inner ones
 * (Service-Center's `registry.instance.properties`) stay, plus the origin and staleness marks
 * of a global answer; none left means no properties.
 */
export function overviewInstance(i: MicroServiceInstance, innerKeys: ReadonlySet<string>): MicroServiceInstance {
  const kept = Object.entries(i.properties ?? {}).filter(([k]) => innerKeys.has(k) || RESERVED.has(k));
  const { properties: _dropped, ...rest } = i;
  return kept.length > 0 ? { ...rest, properties: Object.fromEntries(kept) } : rest;
}

export type OverviewOptions = Readonly<{
  details: ReadonlySet<DetailOption>;
  countOnly: boolean;
  innerKeys: ReadonlySet<string>;
  /** A global answer: add the clusters the service came from. */
  withOrigins: boolean;
}>;

function originsOf(reads: RegistryReads, tenant: Tenant, s: ReadService, withOrigins: boolean): Pick<ServiceDetail, typeof ORIGIN_CLUSTERS_FIELD> {
  const origins = withOrigins ? nonEmpty(reads.origins(tenant, s.serviceId)) : undefined;
  return origins ? { [ORIGIN_CLUSTERS_FIELD]: origins } : {};
}

/** One entry of `GET /govern/microservices` (Service-Center's service overview). */
export function serviceOverview(reads: RegistryReads, tenant: Tenant, s: ReadService, o: OverviewOptions): ServiceDetail {
  const id = s.serviceId;
  const instances = o.details.has('instances') ? reads.instances(tenant, id).map((r) => r.instance) : undefined;
  const notSelf = (list: readonly ReadService[]) => nonEmpty(list.filter((x) => x.serviceId !== id));
  const deps = o.details.has('dependencies');
  let statics: GovernStatistics | undefined;
  if (o.countOnly) statics = instances ? { instances: instances.length > 0 ? { count: instances.length } : {} } : {};
  const { schemas: _ids, ...microService } = s;
  return {
    microService,
    instances: instances && !o.countOnly ? nonEmpty(instances.map((i) => overviewInstance(i, o.innerKeys))) : undefined,
    schemaInfos: o.details.has('schemas') ? nonEmpty(reads.schemas(tenant, id)) : undefined,
    providers: deps ? notSelf(reads.providers(tenant, id)) : undefined,
    consumers: deps ? notSelf(reads.consumers(tenant, id)) : undefined,
    tags: o.details.has('tags') ? nonEmptyMap(reads.tags(tenant, id)) : undefined,
    statics,
    ...originsOf(reads, tenant, s, o.withOrigins),
  };
}

/** `GET /govern/microservices/{id}`: everything about one service, its instances unpruned. */
export function serviceDetailOf(reads: RegistryReads, tenant: Tenant, s: ReadService, withOrigins: boolean): ServiceDetail {
  const id = s.serviceId;
  const versions = reads
    .serviceIdsByName(tenant, s.environment ?? '', s.appId ?? '', s.serviceName ?? '')
    .map((v) => reads.service(tenant, v)?.version)
    .filter((v): v is string => v !== undefined);
  return {
    microService: s,
    instances: nonEmpty(reads.instances(tenant, id).map((r) => r.instance)),
    schemaInfos: nonEmpty(reads.schemas(tenant, id)),
    providers: nonEmpty(reads.providers(tenant, id)),
    consumers: nonEmpty(reads.consumers(tenant, id)),
    tags: nonEmptyMap(reads.tags(tenant, id)),
    microServiceVersions: nonEmpty(versions),
    ...originsOf(reads, tenant, s, withOrigins),
  };
}
