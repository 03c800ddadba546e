import type { ReadService, RegistryReads } from '../query/reads';
import type { Labels } from './decision';
import { isVisible } from './decision';

/**
 * The reads a caller whose roles carry labels may see: service lists (all services, and a
 * service's providers and consumers) keep only the services the labels match
 * (Service-Center's list filter). Reads that name one service are left alone; the
 * permission check has already refused the ones the caller may not touch.
 */
export function visibleReads(reads: RegistryReads, labels: readonly Labels[] | undefined): RegistryReads {
  if (labels === undefined || labels.length === 0) return reads;
  const visible = (list: readonly ReadService[]) => list.filter((s) => isVisible(s, labels));
  return {
    ...reads,
    services: (tenant) => visible(reads.services(tenant)),
    providers: (tenant, id) => visible(reads.providers(tenant, id)),
    consumers: (tenant, id) => visible(reads.consumers(tenant, id)),
  };
}
