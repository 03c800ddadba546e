import type { Tenant } from '@service-center/core';
import { tagKeysOf } from '../services/discovery-filters';
import type { FindRequest } from '../services/discovery';

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

/** The find cache's key of a request: its inputs and whether it reads the merged view. */
export function findCacheKey(inputs: FindRequest, global: boolean): string {
  return JSON.stringify([inputs.tenant.domain, inputs.tenant.project, inputs.consumerId, inputs.environment, inputs.appId, inputs.serviceName, inputs.version, inputs.tags, global]);
}
