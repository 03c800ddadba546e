import * as E from 'fp-ts/Either';
import {
  Rules,
  ScCodes,
  ScError,
  Tenant,
  parseVersionRule,
  scError,
  selectVersions,
  validateObject,
} from '@service-center/core';
import type { StoredInstance, StoredService } from '../registry/reads';
import type { DiscoverySource } from './discovery-source';
import { GLOBAL_TENANT, hasAllTags, isAccessible, isGlobalKey } from './discovery-filters';
import { instancesRevision } from './revision';

export type FindRequest = Readonly<{
  /** The request's tenant (SC: X-Domain-Name + project). */
  tenant: Tenant;
  /** X-ConsumerId, '' when absent. */
  consumerId: string;
  environment: string;
  appId: string;
  /** A name or an alias. */
  serviceName: string;
  /** A version rule; '' = all versions. */
  version: string;
  /** Tag keys the provider must have. */
  tags: readonly string[];
}>;

export type FindAnswer = Readonly<{
  /** The tenant the providers were found in (default/default for a global service). */
  tenant: Tenant;
  services: readonly StoredService[];
  instances: readonly StoredInstance[];
  revision: string;
  /** The consumer, when one was given and checked (it gets a dependency rule). */
  consumer?: StoredService;
}>;

const notExists = (detail: string): ScError => scError(ScCodes.ServiceNotExists, detail);

/**
 * Find (spec §6.4) over a source of candidates, honouring version rules as SC ≤v2.0.0 did:
 * `latest`, `X+`, `A-B` (B excluded), an exact version (no match -> 400012), or all.
 * The global service is found by key from any tenant, and its consumer is not checked.
 * No side effects: recording the consumer's dependency is the caller's (see discovery-find.ts).
 */
export function findInstances(source: DiscoverySource, req: FindRequest): E.Either<ScError, FindAnswer> {
  const valid = validateObject(Rules.FindRules, {
    consumerServiceId: req.consumerId,
    environment: req.environment,
    appId: req.appId,
    serviceName: req.serviceName,
    tags: req.tags,
  });
  if (E.isLeft(valid)) return valid;
  const parsed = parseVersionRule(req.version);
  if (!parsed.ok) return E.left(scError(ScCodes.InvalidParams, `invalid version rule: ${parsed.reason}`));
  const rule = parsed.rule;

  const global = isGlobalKey(req.appId, req.serviceName);
  const tenant = global ? GLOBAL_TENANT : req.tenant;
  let environment = global ? '' : req.environment;
  let consumer: StoredService | undefined;
  if (!global && req.consumerId !== '') {
    consumer = source.getService(req.tenant, req.consumerId);
    if (!consumer) return E.left(notExists(`Consumer[${req.consumerId}] does not exist.`));
    environment = consumer.service.environment ?? '';
  }

  const flag = `${environment}/${req.appId}/${req.serviceName}`;
  const byName = source
    .serviceIdsByName(tenant, environment, req.appId, req.serviceName)
    .map((id) => source.getService(tenant, id))
    .filter((s): s is StoredService => s !== undefined);
  if (byName.length === 0) return E.left(notExists(`Find ${flag} failed, provider does not exist.`));

  const versions = new Set(selectVersions(rule, byName.map((s) => s.service.version ?? '')));
  const inVersion = byName.filter((s) => versions.has(s.service.version ?? ''));
  if (rule.kind === 'exact' && inVersion.length === 0) {
    return E.left(notExists(`Find ${flag} failed, provider version ${rule.text} does not exist.`));
  }
  const services = inVersion.filter(
    (s) =>
      (req.tags.length === 0 || hasAllTags(source.tagsOf(tenant, s.service.serviceId), req.tags)) &&
      (!consumer || isAccessible(consumer.service, tenant, s.service)),
  );
  const instances = services.flatMap((s) => source.instancesOf(tenant, s.service.serviceId));
  return E.right({ tenant, services, instances, revision: instancesRevision(instances), consumer });
}
