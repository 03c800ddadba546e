import { createHash } from 'node:crypto';
import type { InstanceEntry } from '../aggregate/view';
import { compareText, stableStringify } from '../aggregate/internal/compare';

/** Content text per record object, computed once: records are immutable once in a view. */
const contentCache = new WeakMap<object, string>();

function contentOf(i: InstanceEntry): string {
  let text = contentCache.get(i.instance);
  if (text === undefined) {
    text = stableStringify(i.instance);
    contentCache.set(i.instance, text);
  }
  return text;
}

function lineOf(i: InstanceEntry): string {
  const flags = i.stale ? `stale@${i.lastConfirmed ?? ''}${i.demoted ? ',demoted' : ''}` : 'fresh';
  return `${i.origin}\u0000${i.serviceId}\u0000${i.instanceId}\u0000${i.rev}\u0000${flags}\u0000${contentOf(i)}`;
}

/**
 * The `rev` of a find result (`X-Resource-Revision`, 304): sha1 over the sorted lines of
 * origin, serviceId, instanceId, revision, staleness and content. It is a function of the
 * result alone, so replicas holding the same data answer with the same rev, and it moves
 * whenever an instance enters, leaves or changes, including when it turns stale. Content
 * is hashed too, so a source that does not bump revisions cannot hide a change.
 */
export function revisionOf(instances: readonly InstanceEntry[]): string {
  const lines = instances.map(lineOf).sort(compareText);
  const h = createHash('sha1');
  for (const l of lines) h.update(l).update('\n');
  return h.digest('hex');
}
