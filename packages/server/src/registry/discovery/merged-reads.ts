import type { RegistryReads } from '@service-center/core';
import type { KvStore } from '../../store/kv';
import { consumerKeyOf, consumersOf, providersOf } from '../dependencies/rules';

/**
 * The merged view's reads completed with what only this server holds: its dependency rules
 * (never synced), resolved over the merged view, and the schema contents of its own services
 * (other clusters' services keep the view's summaries).
 */
export function mergedReads(view: RegistryReads, store: KvStore, local: RegistryReads): RegistryReads {
  return {
    ...view,
    schemas: (tenant, id) => (local.service(tenant, id) ? local.schemas(tenant, id) : view.schemas(tenant, id)),
    providers: (tenant, id) => {
      const s = view.service(tenant, id);
      return s ? providersOf(store, tenant, consumerKeyOf(tenant, s), view) : [];
    },
    consumers: (tenant, id) => {
      const s = view.service(tenant, id);
      return s ? consumersOf(store, tenant, s, view) : [];
    },
  };
}
