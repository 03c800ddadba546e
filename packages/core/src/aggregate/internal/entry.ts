import { ServiceKey, serviceKeyOf } from '../../keys/service-key';
import type { Conflict } from '../conflict';
import type { Contributor, InstanceEntry, ServiceEntry, ServiceScope } from '../view';
import { Candidates, MergeContext, collectCandidates } from './collect';
import { compareText } from './compare';
import { resolveDefinitions } from './resolve-definitions';
import { resolveInstances } from './resolve-instances';

function hasFresh(instances: readonly InstanceEntry[]): boolean {
  for (const i of instances) if (!i.stale) return true;
  return false;
}

function scopeOf(key: ServiceKey, keyText: string, c: Candidates): { scope: ServiceScope; conflicts: Conflict[]; serviceIds: string[] } {
  const defs = resolveDefinitions(key, keyText, c.defs);
  const inst = resolveInstances(key, keyText, c.instances);
  return {
    scope: { definition: defs.winner, instances: inst.entries, hasFresh: hasFresh(inst.entries) },
    conflicts: [...defs.conflicts, ...inst.conflicts],
    serviceIds: defs.serviceIds,
  };
}

/**
 * The merge of one logical service, from the slots that map to its key. Both the full
 * merge and applyChange come here, which is why they agree.
 */
export function computeEntry(ctx: MergeContext, keyText: string, contributors: readonly Contributor[]): ServiceEntry | undefined {
  const all = collectCandidates(ctx, keyText, contributors);
  if (all.defs.length === 0) return undefined;
  const first = all.defs[0].rec;
  const key = serviceKeyOf(first.tenant, first.service);
  const origins = new Set<string>();
  for (const d of all.defs) origins.add(d.rec.origin);
  for (const i of all.instances) origins.add(i.rec.origin);
  let ownDefs = 0;
  for (const d of all.defs) if (d.path.own) ownDefs++;
  let ownInstances = 0;
  for (const i of all.instances) if (i.path.own) ownInstances++;
  const allOwn = ownDefs === all.defs.length && ownInstances === all.instances.length;
  const global = scopeOf(key, keyText, all);
  // Reads without `global` see this server's own sources only; most keys are all-own or none.
  const local = allOwn
    ? global.scope
    : ownDefs > 0
      ? scopeOf(key, keyText, {
          defs: all.defs.filter((d) => d.path.own),
          instances: all.instances.filter((i) => i.path.own),
        }).scope
      : undefined;
  return {
    key,
    keyText,
    global: global.scope,
    local,
    serviceIds: global.serviceIds,
    origins: [...origins].sort(compareText),
    conflicts: global.conflicts,
  };
}
