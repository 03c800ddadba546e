import * as E from 'fp-ts/Either';
import {
  ConsumerDependency,
  FieldRule,
  MicroServiceKey,
  Rbac,
  Rules,
  ScCodes,
  ScError,
  Tenant,
  scError,
  serviceKeyOf,
  validateField,
  validateObject,
} from '@service-center/core';
import type { RegistryDeps } from '../deps';
import { StoredService, getService, serviceIdByKey } from '../tables';
import { consumerKeyOf, consumersOf, dependencyOps, providerKeyFor, providersOf } from './rules';
import { checkFields, requireService } from '../common';
import { retryingTxn, unchangedSince } from '../txn';

type Service = StoredService['service'];

export type DependencyFilter = Readonly<{
  /** Only services of the request's tenant (ours always are: rules live per tenant). */
  sameDomain: boolean;
  /** Leave the service itself out. */
  noSelf: boolean;
  /** The caller's RBAC labels: only services they match are listed. */
  labels: readonly Rbac.Labels[] | undefined;
}>;

const MAX_DEPENDENCIES = 100;

const LIST_RULE: FieldRule = { field: 'dependencies', goName: 'Dependencies', kind: 'array', rule: { min: 1, max: MAX_DEPENDENCIES } };

/** SC's dependency validator: POST (add) needs providers, PUT (override) may clear them. */
function validateDependencies(list: readonly ConsumerDependency[], override: boolean): E.Either<ScError, void> {
  const goType = override ? 'CreateDependenciesRequest' : 'AddDependenciesRequest';
  const count = validateField(goType, LIST_RULE, list);
  if (E.isLeft(count)) return count;
  const providersRule: FieldRule = { field: 'providers', goName: 'Providers', kind: 'array', rule: override ? {} : { min: 1 } };
  for (const d of list) {
    if (!d.consumer) return E.left(scError(ScCodes.InvalidParams, "field 'ConsumerDependency.Consumer' is required"));
    const c = validateObject(Rules.DependencyConsumerRules, d.consumer);
    if (E.isLeft(c)) return c;
    const n = validateField('ConsumerDependency', providersRule, d.providers ?? []);
    if (E.isLeft(n)) return n;
    for (const p of d.providers ?? []) {
      const r = validateObject(Rules.DependencyProviderRules, p);
      if (E.isLeft(r)) return r;
    }
  }
  return E.right(undefined);
}

/** SC's ParamsChecker: provider names required, one rule per app/name. */
function checkProviders(tenant: Tenant, consumer: MicroServiceKey, providers: readonly MicroServiceKey[]): E.Either<ScError, MicroServiceKey[]> {
  const keys: MicroServiceKey[] = [];
  for (const p of providers) {
    if (!p.serviceName) return E.left(scError(ScCodes.InvalidParams, 'Required provider serviceName'));
    const key = providerKeyFor(tenant, consumer, p);
    if (keys.some((k) => k.appId === key.appId && k.serviceName === key.serviceName)) {
      return E.left(
        scError(ScCodes.InvalidParams, 'Invalid request body for provider info.Duplicate provider or (serviceName and appId is same).'),
      );
    }
    keys.push(key);
  }
  return E.right(keys);
}

/**
 * `POST` (add, override=false) and `PUT` (override=true) `/registry/dependencies`. Unlike SC
 * (which queues them), rules are written before answering, one transaction per consumer.
 */
export async function putDependencies(
  deps: RegistryDeps,
  tenant: Tenant,
  list: readonly ConsumerDependency[] | undefined,
  override: boolean,
): Promise<E.Either<ScError, void>> {
  const items = list ?? [];
  const valid = validateDependencies(items, override);
  if (E.isLeft(valid)) return valid;
  // Check every item before writing any, so a bad item leaves all rules as they were (SC
  // queues the whole request in one transaction).
  for (const d of items) {
    const planned = planItem(deps, tenant, d);
    if (E.isLeft(planned)) return planned;
  }
  for (const d of items) {
    const r = await retryingTxn(deps, 'update dependencies', () => {
      const planned = planItem(deps, tenant, d);
      if (E.isLeft(planned)) return planned;
      const ops = dependencyOps(deps.store, tenant, planned.right.consumer, planned.right.providers, override);
      return E.right({ compare: unchangedSince(deps.store, ops), ops, result: undefined });
    });
    if (E.isLeft(r)) return r;
  }
  return E.right(undefined);
}

/** The consumer's stored key (it must exist, by name or alias) and the provider rule keys. */
function planItem(
  deps: RegistryDeps,
  tenant: Tenant,
  d: ConsumerDependency,
): E.Either<ScError, { consumer: MicroServiceKey; providers: MicroServiceKey[] }> {
  const c = d.consumer ?? {};
  const consumerId = serviceIdByKey(deps.store, serviceKeyOf(tenant, c));
  const stored = consumerId ? getService(deps.store, tenant, consumerId) : undefined;
  if (!stored) {
    const flag = `${c.environment ?? ''}/${c.appId ?? ''}/${c.serviceName ?? ''}/${c.version ?? ''}`;
    return E.left(scError(ScCodes.ServiceNotExists, `Consumer ${flag} does not exist.`));
  }
  const consumer = consumerKeyOf(stored.tenant, stored.service);
  const providers = checkProviders(tenant, consumer, d.providers ?? []);
  return E.isLeft(providers) ? providers : E.right({ consumer, providers: providers.right });
}

function withFilter(services: readonly Service[], selfId: string, filter: DependencyFilter): Service[] {
  return services.filter((s) => (!filter.noSelf || s.serviceId !== selfId) && Rbac.isVisible(s, filter.labels));
}

/** `GET …/{consumerId}/providers`: every version of each provider the consumer depends on. */
export function listProviders(deps: RegistryDeps, tenant: Tenant, consumerId: string, filter: DependencyFilter): E.Either<ScError, Service[]> {
  const valid = checkFields('GetDependenciesRequest', [[Rules.ServiceIdRule, consumerId]]);
  if (E.isLeft(valid)) return valid;
  const consumer = getService(deps.store, tenant, consumerId);
  if (!consumer) return E.left(scError(ScCodes.ServiceNotExists, 'Consumer does not exist'));
  return E.right(withFilter(providersOf(deps.store, tenant, consumerKeyOf(consumer.tenant, consumer.service)), consumerId, filter));
}

/** `GET …/{providerId}/consumers`: the consumer services whose rules name this provider. */
export function listConsumers(deps: RegistryDeps, tenant: Tenant, providerId: string, filter: DependencyFilter): E.Either<ScError, Service[]> {
  const valid = checkFields('GetDependenciesRequest', [[Rules.ServiceIdRule, providerId]]);
  if (E.isLeft(valid)) return valid;
  const provider = requireService(deps.store, tenant, providerId);
  if (E.isLeft(provider)) return E.left(scError(ScCodes.ServiceNotExists, 'Provider does not exist'));
  return E.right(withFilter(consumersOf(deps.store, tenant, provider.right.service), providerId, filter));
}
