import * as E from 'fp-ts/Either';
import type { Tenant } from '../keys/service-key';
import { GLOBAL_TENANT, isGlobalService } from '../keys/global-service';
import { ScError, scError } from '../errors/sc-error';
import { ScCodes } from '../errors/codes';
import type { FieldRule } from '../validate/rule';
import { validateField, validateObject } from '../validate/validate';
import * as Rules from '../validate/rules';
import { VersionRule, parseFindVersionRule, selectVersions } from '../version/version-rule';
import type { MicroService } from '../model/micro-service';
import type { InstanceRead, ReadService, RegistryReads } from './reads';
import { revisionOf } from './revision';

export type FindRequest = Readonly<{
  /** The request's tenant (SC: X-Domain-Name + project). */
  tenant: Tenant;
  /** X-ConsumerId, '' when absent. */
  consumerId: string;
  environment: string;
  appId: string;
  /** A name or an alias. */
  serviceName: string;
  /** The client's version text; used only under `versionRules`. */
  version: string;
  /** Tag keys the provider must have. */
  tags: readonly string[];
}>;

/**
 * How find reads `version`. Service-Center 2.1+ ignores it (every version's instances are
 * answered); `versionRules` restores 2.0's rules (`latest`, `X+`, `A-B`, exact).
 */
export type FindPolicy = Readonly<{ versionRules: boolean }>;

export const SC_22_FIND: FindPolicy = { versionRules: false };

export type FindAnswer = Readonly<{
  /** The tenant the providers were found in (default/default for a global service). */
  tenant: Tenant;
  services: readonly ReadService[];
  instances: readonly InstanceRead[];
  revision: string;
  /** The consumer, when one was given and checked (it gets a dependency rule). */
  consumer?: ReadService;
}>;

const notExists = (detail: string): ScError => scError(ScCodes.ServiceNotExists, detail);

/** Is this find key (app + name or alias) a global service's? */
export function isGlobalKey(appId: string, serviceName: string): boolean {
  return isGlobalService(GLOBAL_TENANT, { appId, serviceName });
}

/**
 * May this consumer see this provider (SC's rule_util.go)? Another app only when the provider
 * allows cross-app access; another environment only when the provider is global.
 */
export function isAccessible(consumer: MicroService, providerTenant: Tenant, provider: MicroService): boolean {
  if ((consumer.appId ?? '') !== (provider.appId ?? '')) {
    if ((provider.properties?.allowCrossApp ?? '').toLowerCase() !== 'true') return false;
  }
  if ((consumer.environment ?? '') !== (provider.environment ?? '')) {
    if (!isGlobalService(providerTenant, provider)) return false;
  }
  return true;
}

/** Tag filter: the service's tags hold every requested key (values are not compared). */
export function hasAllTags(tags: Readonly<Record<string, string>>, keys: readonly string[]): boolean {
  return keys.every((k) => Object.prototype.hasOwnProperty.call(tags, k));
}

/** `tags` query text -> tag keys (comma-separated, blanks dropped). */
export function tagKeysOf(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function versionRuleOf(req: FindRequest, policy: FindPolicy): E.Either<ScError, VersionRule> {
  if (!policy.versionRules) return E.right({ kind: 'all' });
  const parsed = parseFindVersionRule(req.version);
  return parsed.ok ? E.right(parsed.rule) : E.left(scError(ScCodes.InvalidParams, `invalid version rule: ${parsed.reason}`));
}

/**
 * Find (SC's `FindInstances`, datasource/etcd/ms.go) over any registry reads. The global
 * service is found by key from any tenant, and its consumer is not checked. No side effects:
 * recording the consumer's dependency is the caller's.
 */
export function findInstances(reads: RegistryReads, req: FindRequest, policy: FindPolicy = SC_22_FIND): E.Either<ScError, FindAnswer> {
  const valid = validateObject(Rules.FindRules, {
    consumerServiceId: req.consumerId,
    environment: req.environment,
    appId: req.appId,
    serviceName: req.serviceName,
    tags: req.tags,
  });
  if (E.isLeft(valid)) return valid;
  const rule = versionRuleOf(req, policy);
  if (E.isLeft(rule)) return rule;

  const global = isGlobalKey(req.appId, req.serviceName);
  const tenant = global ? GLOBAL_TENANT : req.tenant;
  let environment = global ? '' : req.environment;
  let consumer: ReadService | undefined;
  if (!global && req.consumerId !== '') {
    consumer = reads.service(req.tenant, req.consumerId);
    if (!consumer) return E.left(notExists(`Consumer[${req.consumerId}] does not exist.`));
    environment = consumer.environment ?? '';
  }

  const flag = `${environment}/${req.appId}/${req.serviceName}`;
  const byName = reads
    .serviceIdsByName(tenant, environment, req.appId, req.serviceName)
    .map((id) => reads.service(tenant, id))
    .filter((s): s is ReadService => s !== undefined);
  if (byName.length === 0) return E.left(notExists(`Find ${flag} failed, provider does not exist.`));

  const versions = new Set(selectVersions(rule.right, byName.map((s) => s.version ?? '')));
  const inVersion = rule.right.kind === 'all' ? byName : byName.filter((s) => versions.has(s.version ?? ''));
  if (rule.right.kind === 'exact' && inVersion.length === 0) {
    return E.left(notExists(`Find ${flag} failed, provider version ${rule.right.text} does not exist.`));
  }
  const services = inVersion.filter(
    (s) =>
      (req.tags.length === 0 || hasAllTags(reads.tags(tenant, s.serviceId), req.tags)) &&
      (!consumer || isAccessible(consumer, tenant, s)),
  );
  const instances = services.flatMap((s) => reads.instances(tenant, s.serviceId));
  return E.right({ tenant, services, instances, revision: revisionOf(instances), consumer });
}

export type ProviderRequest = Readonly<{
  tenant: Tenant;
  /** X-ConsumerId, '' when absent. */
  consumerId: string;
  serviceId: string;
  tags: readonly string[];
}>;

const GO_TYPE = 'GetInstancesRequest';
const TAGS_RULE: FieldRule = { field: 'tags', goName: 'Tags', kind: 'array', rule: { regexp: Rules.Regexps.tag } };

/** Service-Center's 400017 for an instance it cannot find. */
export const instanceNotExists = (serviceId: string, instanceId: string): ScError =>
  scError(ScCodes.InstanceNotExists, `Instance[${serviceId}/${instanceId}] does not exist.`);

type Checked = Readonly<{ provider: ReadService; visible: boolean }>;

/**
 * The checks list and get share: ids valid, the consumer (when given) and the provider exist;
 * `visible` is false when the tag or access filter hides the provider.
 */
function checkProvider(reads: RegistryReads, req: ProviderRequest): E.Either<ScError, Checked> {
  for (const [rule, value] of [
    [Rules.ServiceIdRule, req.serviceId],
    [Rules.ConsumerIdRule, req.consumerId],
    [TAGS_RULE, req.tags],
  ] as const) {
    const r = validateField(GO_TYPE, rule, value);
    if (E.isLeft(r)) return r;
  }
  let consumer: ReadService | undefined;
  if (req.consumerId !== '') {
    consumer = reads.service(req.tenant, req.consumerId);
    if (!consumer) return E.left(scError(ScCodes.ServiceNotExists, `Consumer[${req.consumerId}] does not exist.`));
  }
  const provider = reads.service(req.tenant, req.serviceId);
  if (!provider) return E.left(scError(ScCodes.ServiceNotExists, `Provider[${req.serviceId}] does not exist.`));
  const visible =
    (req.tags.length === 0 || hasAllTags(reads.tags(req.tenant, req.serviceId), req.tags)) &&
    (!consumer || isAccessible(consumer, req.tenant, provider));
  return E.right({ provider, visible });
}

export type InstancesAnswer = Readonly<{ instances: readonly InstanceRead[]; revision: string }>;

/** `GET …/microservices/{serviceId}/instances`: a hidden provider is 400012. */
export function listProviderInstances(reads: RegistryReads, req: ProviderRequest): E.Either<ScError, InstancesAnswer> {
  const checked = checkProvider(reads, req);
  if (E.isLeft(checked)) return checked;
  if (!checked.right.visible) {
    return E.left(scError(ScCodes.ServiceNotExists, `Provider[${req.serviceId}] instance does not exist.`));
  }
  const instances = reads.instances(req.tenant, req.serviceId);
  return E.right({ instances, revision: revisionOf(instances) });
}

export type InstanceAnswer = Readonly<{ instance: InstanceRead; revision: string }>;

/** `GET …/instances/{instanceId}`: a hidden provider or a missing instance is 400017. */
export function getProviderInstance(
  reads: RegistryReads,
  req: ProviderRequest & Readonly<{ instanceId: string }>,
): E.Either<ScError, InstanceAnswer> {
  const id = validateField(GO_TYPE, Rules.InstanceIdRule, req.instanceId);
  if (E.isLeft(id)) return id;
  const checked = checkProvider(reads, req);
  if (E.isLeft(checked)) return checked;
  const instance = checked.right.visible ? reads.instance(req.tenant, req.serviceId, req.instanceId) : undefined;
  if (!instance) return E.left(instanceNotExists(req.serviceId, req.instanceId));
  return E.right({ instance, revision: revisionOf([instance]) });
}
