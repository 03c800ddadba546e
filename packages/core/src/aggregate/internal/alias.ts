import type { ServiceKey } from '../../keys/service-key';
import type { AliasConflict } from '../conflict';
import type { AliasClaim, ServiceEntry, ServiceScope } from '../view';
import { compareContenders, winnerReason } from '../winner';
import { compareText } from './compare';

/** Lookup keys of the find indexes: the identity key without its version. */
export function nameKeyOf(k: ServiceKey): string {
  return `${k.domain}/${k.project}/${k.environment}/${k.appId}/${k.serviceName}`;
}

export function aliasKeyOf(k: ServiceKey, alias: string): string {
  return `${k.domain}/${k.project}/${k.environment}/${k.appId}/${alias}`;
}

export type Scope = 'global' | 'local';

export function scopeOfEntry(e: ServiceEntry, scope: Scope): ServiceScope | undefined {
  return scope === 'global' ? e.global : e.local;
}

/** The aliases an entry claims, per scope (the served definitions may differ). */
const NO_CLAIMS: ReadonlyMap<string, Readonly<{ global: boolean; local: boolean }>> = new Map();

export function aliasClaimsOf(e: ServiceEntry | undefined): ReadonlyMap<string, Readonly<{ global: boolean; local: boolean }>> {
  if (!e || (!e.global?.definition.record.service.alias && !e.local?.definition.record.service.alias)) return NO_CLAIMS;
  const out = new Map<string, { global: boolean; local: boolean }>();
  for (const scope of ['global', 'local'] as const) {
    const alias = scopeOfEntry(e, scope)?.definition.record.service.alias;
    if (!alias) continue;
    const k = aliasKeyOf(e.key, alias);
    const c = out.get(k) ?? { global: false, local: false };
    c[scope] = true;
    out.set(k, c);
  }
  return out;
}

type Ranked = Readonly<{ entry: ServiceEntry; scope: ServiceScope }>;

function contender(r: Ranked) {
  return { timestamp: r.scope.definition.record.service.timestamp, origin: r.scope.definition.origin };
}

/**
 * Claimants of one alias grouped by version, each group ranked by the winner rule (then key
 * text), so the alias resolves to the same service on every server.
 */
export function rankAliasClaims(
  claims: readonly AliasClaim[],
  scope: Scope,
  entryOf: (keyText: string) => ServiceEntry | undefined,
): Map<string, Ranked[]> {
  const byVersion = new Map<string, Ranked[]>();
  for (const c of claims) {
    if (!c[scope]) continue;
    const entry = entryOf(c.keyText);
    const s = entry && scopeOfEntry(entry, scope);
    if (!entry || !s) continue;
    const list = byVersion.get(entry.key.version) ?? [];
    list.push({ entry, scope: s });
    byVersion.set(entry.key.version, list);
  }
  for (const list of byVersion.values()) {
    list.sort((a, b) => compareContenders(contender(a), contender(b)) || compareText(a.entry.keyText, b.entry.keyText));
  }
  return byVersion;
}

/** One conflict per (alias, version) claimed by more than one logical service. */
export function aliasConflictsOf(
  aliasKey: string,
  claims: readonly AliasClaim[],
  entryOf: (keyText: string) => ServiceEntry | undefined,
): AliasConflict[] {
  const out: AliasConflict[] = [];
  const ranked = rankAliasClaims(claims, 'global', entryOf);
  for (const version of [...ranked.keys()].sort(compareText)) {
    const list = ranked.get(version)!;
    if (list.length < 2) continue;
    const w = list[0];
    const alias = w.scope.definition.record.service.alias ?? '';
    const services = list.map((r) => r.entry.keyText).sort(compareText);
    out.push({
      kind: 'alias',
      id: `alias ${aliasKey}/${version}`,
      key: { ...w.entry.key, serviceName: alias },
      clusters: [...new Set(list.map((r) => r.scope.definition.origin))].sort(compareText),
      winner: w.scope.definition.origin,
      reason: `alias ${alias} is claimed by ${services.join(', ')}; ${winnerReason(contender(w), contender(list[1]))}`,
      services,
      winnerService: w.entry.keyText,
    });
  }
  return out;
}
