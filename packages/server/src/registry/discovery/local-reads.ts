import type { InstanceRead, RegistryReads } from '@service-center/core';
import type { Kv, KvStore } from '../../store/kv';
import { getService, getTags, listServices, serviceIdByKey, serviceIdsByName, valueOf } from '../tables';
import type { InstanceView } from '../instances/self-preservation';
import { storedSchemas } from '../schemas/schemas';
import { consumerKeyOf, consumersOf, providersOf } from '../dependencies/rules';

/** A stored instance as read: its revision token is its key and last write's revision. */
function readOf(kv: Kv): InstanceRead {
  return { instance: valueOf('instance', kv), rev: `${kv.key}@${kv.modRevision}` };
}

/**
 * The local registry as registry reads: services, schemas and dependency rules from the store,
 * instances through the self-preservation view (a held expiry stays readable).
 */
export function localReads(store: KvStore, view: InstanceView): RegistryReads {
  return {
    services: (tenant) => listServices(store, tenant).map((s) => s.service),
    service: (tenant, id) => getService(store, tenant, id)?.service,
    serviceIdsByName: (tenant, env, app, name) => serviceIdsByName(store, tenant, env, app, name),
    serviceIdByKey: (key) => serviceIdByKey(store, key),
    tags: (tenant, id) => getTags(store, tenant, id),
    instances: (tenant, id) => view.instanceKvs(tenant, id).map(readOf),
    instance: (tenant, sid, iid) => {
      const kv = view.instanceKv(tenant, sid, iid);
      return kv ? readOf(kv) : undefined;
    },
    schemas: (tenant, id) => {
      const s = getService(store, tenant, id);
      return s ? storedSchemas(store, tenant, s.service, true) : [];
    },
    providers: (tenant, id) => {
      const s = getService(store, tenant, id);
      return s ? providersOf(store, tenant, consumerKeyOf(s.tenant, s.service)) : [];
    },
    consumers: (tenant, id) => {
      const s = getService(store, tenant, id);
      return s ? consumersOf(store, tenant, s.service) : [];
    },
    origins: () => [],
  };
}
