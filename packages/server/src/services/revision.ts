import { createHash } from 'node:crypto';
import type { Kv } from '../store/kv';

/**
 * The revision of a discovery answer: sha1 over the count and each instance's key and
 * modRevision, in key order. It changes whenever the set changes or any member is rewritten,
 * and is the same for the same answer (clients send it back as `rev` to get a 304).
 */
export function instancesRevision(items: readonly Readonly<{ kv: Kv }>[]): string {
  const parts = items.map((i) => `${i.kv.key}@${i.kv.modRevision}`).sort();
  return createHash('sha1').update(`${parts.length},${parts.join(',')}`).digest('hex');
}
