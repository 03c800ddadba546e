import type { ServiceKey, Tenant } from '@service-center/core';
import type { KvStore } from '../store/kv';
import {
  StoredInstance,
  StoredService,
  getService,
  getTags,
  serviceIdByKey,
  serviceIdsByName,
} from '../registry/reads';
import type { InstanceView } from './self-preservation';

/**
 * Where discovery reads services and instances. Today the local store seen through the
 * self-preservation view; a merged multi-cluster view can implement the same shape later
 * (`global=true`), and find/list/get need not change.
 */
export interface DiscoverySource {
  getService(tenant: Tenant, serviceId: string): StoredService | undefined;
  /** All versions of env/app/name, by name, else by alias. */
  serviceIdsByName(tenant: Tenant, environment: string, appId: string, serviceName: string): string[];
  serviceIdByKey(key: ServiceKey): string | undefined;
  tagsOf(tenant: Tenant, serviceId: string): Readonly<Record<string, string>>;
  instancesOf(tenant: Tenant, serviceId: string): StoredInstance[];
  instanceOf(tenant: Tenant, serviceId: string, instanceId: string): StoredInstance | undefined;
}

export function localSource(store: KvStore, view: InstanceView): DiscoverySource {
  return {
    getService: (tenant, id) => getService(store, tenant, id),
    serviceIdsByName: (tenant, env, app, name) => serviceIdsByName(store, tenant, env, app, name),
    serviceIdByKey: (key) => serviceIdByKey(store, key),
    tagsOf: (tenant, id) => getTags(store, tenant, id),
    instancesOf: (tenant, id) => view.instances(tenant, id),
    instanceOf: (tenant, sid, iid) => view.instance(tenant, sid, iid),
  };
}
