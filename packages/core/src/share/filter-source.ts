import type { SourceInput } from '../aggregate/snapshot';
import { ServiceKey, serviceKeyOf } from '../keys/service-key';

type KeyFilter = (key: Pick<ServiceKey, 'environment' | 'appId' | 'serviceName'>) => boolean;

/** A source snapshot limited to the services a filter accepts, with their instances, tags and summaries. */
export function filterSourceInput(input: SourceInput, allow: KeyFilter | undefined): SourceInput {
  if (!allow) return input;
  const services = (input.services ?? []).filter((r) => allow(serviceKeyOf(r.tenant, r.service)));
  const kept = new Set(services.map((r) => `${r.tenant.domain}/${r.tenant.project}/${r.service.serviceId}`));
  const ofKept = (r: { tenant: { domain: string; project: string }; serviceId: string }) => kept.has(`${r.tenant.domain}/${r.tenant.project}/${r.serviceId}`);
  return {
    ...input,
    services,
    instances: (input.instances ?? []).filter((r) => ofKept({ tenant: r.tenant, serviceId: r.instance.serviceId })),
    tags: (input.tags ?? []).filter(ofKept),
    summaries: (input.summaries ?? []).filter(ofKept),
  };
}
