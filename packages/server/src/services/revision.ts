import { createHash } from 'node:crypto';
import type { Kv } from '../store/kv';

/**
 * The revision of a discovery answer: sha1 over the count and each instance's key and
 * modRevision (plus, for merged answers, origin and staleness), in key order. It changes whenever the set changes or any member is rewritten,
 * and is the same for the same answer (clients send it back as `rev` to get a 304).
 */
export function instancesRevision(items: readonly Readonly<{ kv: Kv; revisionExtra?: string }>[]): string {
  const parts = items.map((i) => `${i.kv.key}@${i.kv.modRevision}${i.revisionExtra ? `#${i.revisionExtra}` : ''}`).sort();
  return createHash('sha1').update(`${parts.length},${parts.join(',')}`).digest('hex');
}
