import { createHash } from 'node:crypto';

/**
 * The revision of a discovery answer (`X-Resource-Revision`, `rev` → 304): sha1 over the
 * count and the sorted revision tokens of its instances. The same answer gives the same
 * revision; any instance entering, leaving or changing as answered moves it.
 */
export function revisionOf(instances: readonly Readonly<{ rev: string }>[]): string {
  const parts = instances.map((i) => i.rev).sort();
  return createHash('sha1').update(`${parts.length},${parts.join(',')}`).digest('hex');
}
