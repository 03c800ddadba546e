import { Tenant, serviceKeyOf, serviceKeyText } from '../../keys/service-key';
import type { ServiceRecord, SourceId } from '../snapshot';

/** A slot's name inside one source: tenant plus serviceId, as in SC's etcd keys. */
export function refOf(tenant: Tenant, serviceId: string): string {
  return `${tenant.domain}/${tenant.project}/${serviceId}`;
}

/** A source's name in the view: cluster plus kind. */
export function sourceKeyOf(id: SourceId): string {
  return `${id.cluster}/${id.kind}`;
}

export function keyTextOfRecord(r: ServiceRecord): string {
  return serviceKeyText(serviceKeyOf(r.tenant, r.service));
}
