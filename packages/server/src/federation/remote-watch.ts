import { annotated, serviceEntriesById, serviceEntryOf, serviceKeyText } from '@service-center/core';
import type { Federation } from './federation';
import type { WatchHub } from '../services/watch';

/**
 * Watchers see instance changes from other clusters too: every merged-view change of an
 * instance whose origin is another cluster goes to the consumers of its provider. (Local
 * changes reach them straight from the store.) Records kept because their source is
 * unreachable or quarantined produce no DELETE, by the core's diff.
 */
export function watchRemoteChanges(
  fed: Federation,
  hub: WatchHub,
  self: string,
): () => void {
  return fed.aggregator.subscribe((events, view, before) => {
    for (const e of events) {
      if (e.kind !== 'instance' || e.origin === self) continue;
      const keyText = serviceKeyText(e.key);
      const entry = serviceEntryOf(view, keyText) ?? serviceEntryOf(before, keyText);
      const scope = entry?.global;
      if (!scope) continue;
      const tenant = { domain: e.key.domain, project: e.key.project };
      const current = scope.instances.find((i) => i.instanceId === e.instanceId && i.serviceId === e.serviceId);
      const instance = current ? annotated(current) : { ...e.instance, serviceId: e.serviceId, instanceId: e.instanceId };
      hub.publishProvider(tenant, scope.definition.record.service, e.action, instance);
    }
  });
}

/**
 * This cluster's Kubernetes instances reach local watchers too: their records have this
 * server's origin but never pass through the store (whose changes watchers already get).
 */
export function watchK8sChanges(fed: Federation, hub: WatchHub): () => void {
  return fed.onK8sEvents((events) => {
    const view = fed.aggregator.view();
    for (const e of events) {
      if (e.kind !== 'instance') continue;
      const tenant = { domain: e.domain, project: e.project };
      const provider = serviceEntriesById(view, tenant, e.serviceId)[0]?.global?.definition.record.service;
      if (!provider) continue;
      const instance = { ...(e.instance ?? {}), serviceId: e.serviceId, instanceId: e.instanceId ?? '' };
      hub.publishProvider(tenant, provider, e.action, instance);
    }
  });
}
