import type { Tenant } from '../keys/service-key';
import type { ServiceEntry, View } from '../aggregate/view';
import { Scope, aliasKeyOf, nameKeyOf, rankAliasClaims, scopeOfEntry } from '../aggregate/internal/alias';
import { pget, pvalues } from '../aggregate/internal/pmap';

export type NameProbe = Readonly<{ tenant: Tenant; environment: string; appId: string; serviceName: string }>;

/**
 * The logical services (all versions) a name stands for in a read scope: by service name,
 * else by alias, taking each alias's winner per version (SC's lookup order).
 */
export function lookupServices(view: View, q: NameProbe, scope: Scope): ServiceEntry[] {
  const probe = { domain: q.tenant.domain, project: q.tenant.project, environment: q.environment, appId: q.appId, serviceName: q.serviceName, version: '' };
  const byName = (pget(view.names, nameKeyOf(probe)) ?? [])
    .map((k) => pget(view.services, k))
    .filter((e): e is ServiceEntry => e !== undefined && scopeOfEntry(e, scope) !== undefined);
  if (byName.length > 0) return byName;
  const claims = pget(view.aliases, aliasKeyOf(probe, q.serviceName))?.claims ?? [];
  const ranked = rankAliasClaims(claims, scope, (k) => pget(view.services, k));
  return [...ranked.values()].map((list) => list[0].entry);
}

/** Every logical service of a tenant served in a scope, in key order. */
export function servicesOfTenant(view: View, tenant: Tenant, scope: Scope): ServiceEntry[] {
  const prefix = `${tenant.domain}/${tenant.project}/`;
  const out: ServiceEntry[] = [];
  for (const e of pvalues(view.services)) {
    if (e.keyText.startsWith(prefix) && scopeOfEntry(e, scope)) out.push(e);
  }
  return out.sort((a, b) => (a.keyText < b.keyText ? -1 : a.keyText > b.keyText ? 1 : 0));
}
