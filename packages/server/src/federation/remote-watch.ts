import { InstanceEntry, serviceEntryOf, serviceKeyText } from '@service-center/core';
import type { Federation } from './federation';
import type { WatchHub } from '../services/watch';
import type { StoredInstance } from '../registry/reads';

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
  show: (i: InstanceEntry) => StoredInstance['instance'],
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
      const instance = current ? show(current) : { ...e.instance, serviceId: e.serviceId, instanceId: e.instanceId };
      hub.publishProvider(tenant, scope.definition.record.service, e.action, instance);
    }
  });
}
