import * as E from 'fp-ts/Either';
import {
  CreateServiceRequest,
  RegistryReads,
  MicroService,
  Rules,
  ScCodes,
  ScError,
  StringMap,
  Tenant,
  aliasKeyOf,
  etcdKey,
  keyScope,
  scError,
  serviceIdOf,
  serviceKeyOf,
  validateObject,
  withServiceDefaults,
  isGlobalService,
} from '@service-center/core';
import { RegistryDeps, quotasOf, unixSecondsText } from '../deps';
import { StoredService, putRow, readRow } from '../tables';
import type { KvCompare, KvOp } from '../../store/kv';
import { registerInstance } from '../instances/register';
import { checkFields, errorText, omitEmpty, serviceNotFound, updateService } from '../common';
import { storeCall } from '../txn';
import { replaceTags } from '../tags/tags';

type Service = StoredService['service'];

export type RegisterServiceOptions = Readonly<{
  /** SC's own registration skips the service quota. */
  skipQuota?: boolean;
}>;

const CONFLICT_DETAIL = 'ServiceID conflict or found the same service with different id.';

/**
 * Register a service: idempotent by key (name or alias), explicit ids must not
 * clash (400010). `tags` and `instances` of the body are applied afterwards, to the new or the
 * existing service; their failures are reported together, the service staying registered.
 */
export async function registerService(
  deps: RegistryDeps,
  tenant: Tenant,
  request: CreateServiceRequest,
  options: RegisterServiceOptions = {},
): Promise<E.Either<ScError, { serviceId: string }>> {
  if (!request.service) return E.left(scError(ScCodes.InvalidParams, 'Request body is empty'));
  const service = withServiceDefaults(request.service);
  const quotas = quotasOf(deps);
  const valid = validateObject(Rules.createServiceRules(quotas), service);
  if (E.isLeft(valid)) return valid;
  // Deliberately stricter than SC: ids are key segments, and `a/b` would fall under the
  // prefixes of service `a` (its instances and schemas would be counted and deleted with it).
  if (service.serviceId?.includes('/')) {
    return E.left(scError(ScCodes.InvalidParams, `field 'MicroService.ServiceId' invalid value '${service.serviceId}': '/' is not allowed`));
  }
  if (!options.skipQuota) {
    const used = deps.store.count(keyScope.tenant('service', tenant));
    if (used + 1 > quotas.services) {
      return E.left(scError(ScCodes.NotEnoughQuota, `no quota to apply for 1 service; ${used} of ${quotas.services} used (--quota-services)`));
    }
    const maxTenants = deps.config.maxTenants;
    if (maxTenants > 0 && used === 0 && !deps.tenants.has(tenant) && deps.tenants.count() >= maxTenants) {
      return E.left(
        scError(ScCodes.NotEnoughQuota, `no quota for a new tenant ${tenant.domain}/${tenant.project}; ${deps.tenants.count()} of ${maxTenants} tenants hold services (--max-tenants)`),
      );
    }
  }
  const created = await createService(deps, tenant, service);
  if (E.isLeft(created)) return created;
  const serviceId = created.right;
  const hasTags = Object.keys(request.tags ?? {}).length > 0;
  const instances = request.instances ?? [];
  if (!hasTags && instances.length === 0) return E.right({ serviceId });

  const failures: string[] = [];
  if (hasTags) {
    const r = await replaceTags(deps, tenant, serviceId, request.tags);
    if (E.isLeft(r)) failures.push(errorText(r.left));
  }
  for (const instance of instances) {
    const r = await registerInstance(deps, tenant, serviceId, instance);
    if (E.isLeft(r)) failures.push(errorText(r.left));
  }
  // SC prints Go's %v of the []string: `errMessages: [a b]`.
  if (failures.length > 0) return E.left(scError(ScCodes.InvalidParams, `errMessages: [${failures.join(' ')}]`));
  return E.right({ serviceId });
}

/** The create transaction: service, index and alias keys must all be absent. */
async function createService(deps: RegistryDeps, tenant: Tenant, service: MicroService): Promise<E.Either<ScError, string>> {
  const key = serviceKeyOf(tenant, service);
  const aliasOf = service.alias ? aliasKeyOf(tenant, service) : undefined;
  const indexKey = etcdKey.index(key);
  const aliasKey = aliasOf ? etcdKey.alias(aliasOf) : undefined;
  const requestedId = service.serviceId ?? '';
  const serviceId = requestedId || serviceIdOf(key);
  const now = unixSecondsText(deps.now());
  const record: Service = omitEmpty({ ...service, serviceId, timestamp: now, modTimestamp: now });
  const serviceKey = etcdKey.service(tenant, serviceId);
  const compare: KvCompare[] = [
    { kind: 'absent', key: serviceKey },
    { kind: 'absent', key: indexKey },
  ];
  const ops: KvOp[] = [
    putRow('service', record, tenant, serviceId),
    putRow('index', serviceId, key),
  ];
  if (aliasOf && aliasKey) {
    compare.push({ kind: 'absent', key: aliasKey });
    ops.push(putRow('alias', serviceId, aliasOf));
  }
  const r = await storeCall(deps, 'register service', () => deps.store.txn({ compare, success: ops }));
  if (E.isLeft(r)) return r;
  if (r.right.succeeded) return E.right(serviceId);

  // Taken: the owner of the name key, else of the alias key, is the answer (SC reads both).
  const owner = readRow(deps.store, 'index', key)?.value ?? (aliasOf ? readRow(deps.store, 'alias', aliasOf)?.value : undefined);
  if (requestedId && owner !== requestedId) return E.left(scError(ScCodes.ServiceAlreadyExists, CONFLICT_DETAIL));
  // The generated id is in use by a service with another key (an explicit id chosen elsewhere).
  if (owner === undefined) return E.left(scError(ScCodes.ServiceAlreadyExists, CONFLICT_DETAIL));
  return E.right(owner);
}

/** Services of the tenant; global ones (SC itself) only when `withShared`. */
export function listServices(reads: RegistryReads, tenant: Tenant, withShared: boolean): readonly Service[] {
  return reads.services(tenant).filter((s) => withShared || !isGlobalService(tenant, s));
}

/**
 * The services a list shows. With `global`, Service-Center's own registration is this
 * server's (it is never merged), so `withShared` takes it from the local reads.
 */
export function listedServices(reads: RegistryReads, local: RegistryReads, tenant: Tenant, withShared: boolean, global: boolean): Service[] {
  const shared = withShared && global ? listServices(local, tenant, true).filter((s) => isGlobalService(tenant, s)) : [];
  return [...listServices(reads, tenant, withShared), ...shared];
}

export function getService(reads: RegistryReads, tenant: Tenant, serviceId: string): E.Either<ScError, Service> {
  const valid = checkFields('GetServiceRequest', [[Rules.ServiceIdRule, serviceId]]);
  if (E.isLeft(valid)) return valid;
  const s = reads.service(tenant, serviceId);
  return s ? E.right(s) : E.left(serviceNotFound());
}

/** Replace the whole properties map (absent clears it) and bump modTimestamp. */
export function updateServiceProperties(
  deps: RegistryDeps,
  tenant: Tenant,
  serviceId: string,
  properties: StringMap | undefined,
): Promise<E.Either<ScError, void>> {
  const valid = checkFields('UpdateServicePropsRequest', [[Rules.ServiceIdRule, serviceId]]);
  if (E.isLeft(valid)) return Promise.resolve(valid);
  const modTimestamp = unixSecondsText(deps.now());
  return updateService(deps, tenant, serviceId, (s) => {
    const { properties: _old, ...rest } = s;
    const next = Object.keys(properties ?? {}).length > 0 ? { ...rest, properties, modTimestamp } : { ...rest, modTimestamp };
    return E.right({ service: next });
  });
}
