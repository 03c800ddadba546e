import type { Tenant } from '../keys/service-key';
import { isGlobalService } from '../keys/global-service';
import type { RelationGraph, RelationLine, RelationNode } from '../model/govern';
import type { ReadService } from './reads';

const blankNode: RelationNode = { id: '', name: '', appId: '', version: '', type: '', color: '', position: '' };

/**
 * Service-Center's dependency graph: a node per listed service and a line from each to each
 * of its providers, leaving out itself and (without `withShared`) Service-Center's own
 * service. The far end of a line carries only its id and name; no list is `[]` (Go's nil).
 */
export function relationGraph(
  tenant: Tenant,
  services: readonly ReadService[],
  providersOf: (s: ReadService) => readonly ReadService[],
  withShared: boolean,
): RelationGraph {
  if (services.length === 0) return { nodes: null, lines: null, circles: null };
  const nodes: RelationNode[] = [];
  const lines: RelationLine[] = [];
  for (const s of services) {
    const node: RelationNode = { ...blankNode, id: s.serviceId, name: s.serviceName ?? '', appId: s.appId ?? '', version: s.version ?? '' };
    nodes.push(node);
    for (const p of providersOf(s)) {
      if (p.serviceId === s.serviceId || (!withShared && isGlobalService(tenant, p))) continue;
      lines.push({ from: node, to: { ...blankNode, id: p.serviceId, name: p.serviceName ?? '' }, type: '', color: '', descriptor: '' });
    }
  }
  return { nodes, lines: lines.length > 0 ? lines : null, circles: null };
}
