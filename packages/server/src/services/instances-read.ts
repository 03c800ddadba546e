import * as E from 'fp-ts/Either';
import { Rules, ScCodes, ScError, Tenant, scError, validateField } from '@service-center/core';
import type { StoredInstance, StoredService } from '../registry/reads';
import type { DiscoverySource } from './discovery-source';
import { hasAllTags, isAccessible } from './discovery-filters';
import { instanceNotExists } from './leases';
import { instancesRevision } from './revision';

export type ProviderRequest = Readonly<{
  tenant: Tenant;
  /** X-ConsumerId, '' when absent. */
  consumerId: string;
  serviceId: string;
  tags: readonly string[];
}>;

const GO_TYPE = 'GetInstancesRequest';
const TAGS_RULE = { field: 'tags', goName: 'Tags', kind: 'array', rule: { regexp: Rules.Regexps.tag } } as const;

type Checked = Readonly<{ provider: StoredService; visible: boolean }>;

/**
 * The checks list and get share (spec §6.5): ids valid, the consumer (when given) and the
 * provider exist; `visible` is false when the tag or access filter hides the provider.
 */
function checkProvider(source: DiscoverySource, req: ProviderRequest): E.Either<ScError, Checked> {
  for (const [rule, value] of [
    [Rules.ServiceIdRule, req.serviceId],
    [Rules.ConsumerIdRule, req.consumerId],
    [TAGS_RULE, req.tags],
  ] as const) {
    const r = validateField(GO_TYPE, rule, value);
    if (E.isLeft(r)) return r;
  }
  let consumer: StoredService | undefined;
  if (req.consumerId !== '') {
    consumer = source.getService(req.tenant, req.consumerId);
    if (!consumer) return E.left(scError(ScCodes.ServiceNotExists, `Consumer[${req.consumerId}] does not exist.`));
  }
  const provider = source.getService(req.tenant, req.serviceId);
  if (!provider) return E.left(scError(ScCodes.ServiceNotExists, `Provider[${req.serviceId}] does not exist.`));
  const visible =
    (req.tags.length === 0 || hasAllTags(source.tagsOf(req.tenant, req.serviceId), req.tags)) &&
    (!consumer || isAccessible(consumer.service, req.tenant, provider.service));
  return E.right({ provider, visible });
}

export type InstancesAnswer = Readonly<{ instances: readonly StoredInstance[]; revision: string }>;

/** `GET …/microservices/{serviceId}/instances`: a hidden provider is 400012. */
export function listProviderInstances(source: DiscoverySource, req: ProviderRequest): E.Either<ScError, InstancesAnswer> {
  const checked = checkProvider(source, req);
  if (E.isLeft(checked)) return checked;
  if (!checked.right.visible) {
    return E.left(scError(ScCodes.ServiceNotExists, `Provider[${req.serviceId}] instance does not exist.`));
  }
  const instances = source.instancesOf(req.tenant, req.serviceId);
  return E.right({ instances, revision: instancesRevision(instances) });
}

export type InstanceAnswer = Readonly<{ instance: StoredInstance; revision: string }>;

/** `GET …/instances/{instanceId}`: a hidden provider or a missing instance is 400017. */
export function getProviderInstance(
  source: DiscoverySource,
  req: ProviderRequest & Readonly<{ instanceId: string }>,
): E.Either<ScError, InstanceAnswer> {
  const id = validateField(GO_TYPE, Rules.InstanceIdRule, req.instanceId);
  if (E.isLeft(id)) return id;
  const checked = checkProvider(source, req);
  if (E.isLeft(checked)) return checked;
  const instance = checked.right.visible ? source.instanceOf(req.tenant, req.serviceId, req.instanceId) : undefined;
  if (!instance) return E.left(instanceNotExists(req.serviceId, req.instanceId));
  return E.right({ instance, revision: instancesRevision([instance]) });
}
