import { FindPolicy, FindRequest, Tenant, tagKeysOf } from '@service-center/core';
import type { ServerConfig } from '../../config/schema';

/** How this server's finds read `version` (a setting; Service-Center 2.2 ignores it). */
export function findPolicyOf(config: Pick<ServerConfig, 'findVersionRules'>): FindPolicy {
  return { versionRules: config.findVersionRules };
}

/** A find's inputs, read the same way by the Koa route and the fast path. */
export function findInputsOf(tenant: Tenant, query: (name: string) => string, header: (name: string) => string): FindRequest {
  return {
    tenant,
    consumerId: header('x-consumerid').trim(),
    environment: query('env'),
    appId: query('appId'),
    serviceName: query('serviceName'),
    version: query('version'),
    tags: tagKeysOf(query('tags')),
  };
}

/**
 * The find cache's key of a request: the inputs the answer depends on and whether it reads
 * the merged view. The version text counts only when find applies version rules.
 */
export function findCacheKey(inputs: FindRequest, global: boolean, policy: FindPolicy): string {
  const version = policy.versionRules ? inputs.version : '';
  return JSON.stringify([inputs.tenant.domain, inputs.tenant.project, inputs.consumerId, inputs.environment, inputs.appId, inputs.serviceName, version, inputs.tags, global]);
}
