import * as E from 'fp-ts/Either';
import {
  AppsResponse,
  GovernFilter,
  GovernServiceResponse,
  GovernServicesResponse,
  GovernStatistics,
  ReadService,
  RegistryReads,
  RelationGraph,
  Rules,
  ScError,
  Schema,
  Tenant,
  appIdsOf,
  governOptions,
  governStatistics,
  isGlobalService,
  matchesGovernFilter,
  relationGraph,
  serviceDetailOf,
  serviceOverview,
  validateObject,
} from '@service-center/core';
import { getService, listedServices } from '../microservices/microservices';

/**
 * What a govern request reads: the reads it asked for (local, or the merged view with
 * `global`) and the local ones, which alone hold Service-Center's own registration.
 */
export type GovernReads = Readonly<{ reads: RegistryReads; local: RegistryReads; global: boolean }>;

/** The reads that hold a listed service (Service-Center's own is never merged). */
function readsOfService(r: GovernReads, tenant: Tenant, s: ReadService): RegistryReads {
  return r.global && isGlobalService(tenant, s) ? r.local : r.reads;
}

function statisticsOf(r: GovernReads, tenant: Tenant, withShared: boolean): GovernStatistics {
  const services = listedServices(r.reads, r.local, tenant, withShared, r.global);
  const byId = new Map(services.map((s) => [s.serviceId, s]));
  const count = (id: string) => {
    const s = byId.get(id);
    return s ? readsOfService(r, tenant, s).instances(tenant, id).length : 0;
  };
  return governStatistics(tenant, services, count, withShared);
}

export type GovernListQuery = Readonly<{ options: string; filter: GovernFilter; countOnly: boolean; innerKeys: ReadonlySet<string> }>;

/** `GET /govern/microservices`. */
export function listGovernServices(r: GovernReads, tenant: Tenant, q: GovernListQuery): GovernServicesResponse {
  const opts = governOptions(q.options);
  const statistics = opts.statistics ? statisticsOf(r, tenant, q.filter.withShared) : undefined;
  if (opts.statisticsOnly) return { statistics };
  const details = listedServices(r.reads, r.local, tenant, q.filter.withShared, r.global)
    .filter((s) => matchesGovernFilter(tenant, s, q.filter))
    .map((s) =>
      serviceOverview(readsOfService(r, tenant, s), tenant, s, {
        details: opts.details,
        countOnly: q.countOnly,
        innerKeys: q.innerKeys,
        withOrigins: r.global,
      }),
    );
  return { allServicesDetail: details.length > 0 ? details : undefined, statistics };
}

/** The service of `GET /govern/microservices/{id}` and the reads holding it; 400012 when unknown. */
function governedService(r: GovernReads, tenant: Tenant, serviceId: string): E.Either<ScError, { reads: RegistryReads; service: ReadService }> {
  const found = getService(r.reads, tenant, serviceId);
  if (E.isRight(found)) return E.right({ reads: r.reads, service: found.right });
  const own = r.global ? r.local.service(tenant, serviceId) : undefined;
  return own && isGlobalService(tenant, own) ? E.right({ reads: r.local, service: own }) : found;
}

/**
 * `GET /govern/microservices/{id}`. With `global`, a service of another cluster gets its
 * schema contents from the peers when one answers (the merged view has summaries only).
 */
export async function getGovernService(
  r: GovernReads,
  tenant: Tenant,
  serviceId: string,
  lookupSchemas: (tenant: Tenant, serviceId: string) => Promise<readonly Schema[] | undefined>,
): Promise<E.Either<ScError, GovernServiceResponse>> {
  const found = governedService(r, tenant, serviceId);
  if (E.isLeft(found)) return found;
  const detail = serviceDetailOf(found.right.reads, tenant, found.right.service, r.global);
  if (!r.global || r.local.service(tenant, serviceId)) return E.right({ service: detail });
  const live = await lookupSchemas(tenant, serviceId);
  return E.right({ service: live && live.length > 0 ? { ...detail, schemaInfos: [...live] } : detail });
}

/** `GET /govern/relations`. */
export function governRelations(r: GovernReads, tenant: Tenant, withShared: boolean): RelationGraph {
  const services = listedServices(r.reads, r.local, tenant, withShared, r.global);
  return relationGraph(tenant, services, (s) => readsOfService(r, tenant, s).providers(tenant, s.serviceId), withShared);
}

/** `GET /govern/apps`: the environment must be one of Service-Center's. */
export function governApps(r: GovernReads, tenant: Tenant, environment: string, withShared: boolean): E.Either<ScError, AppsResponse> {
  const valid = validateObject(Rules.GetAppsRules, { environment });
  if (E.isLeft(valid)) return valid;
  const apps = appIdsOf(tenant, listedServices(r.reads, r.local, tenant, withShared, r.global), environment, withShared);
  return E.right(apps.length > 0 ? { appIds: apps } : {});
}

/** `GET /govern/statistics`: Service-Center's own service is never counted here. */
export function governOverview(r: GovernReads, tenant: Tenant): GovernStatistics {
  return statisticsOf(r, tenant, false);
}
