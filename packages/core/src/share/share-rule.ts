import * as t from 'io-ts';
import { struct } from '../codec/optional';
import type { ServiceKey } from '../keys/service-key';

/**
 * One entry of an export or import list: the services of an app (optionally one environment,
 * one service name) and, when `peers` is given, only for those readers (export: the peer's
 * account under RBAC, else the cluster name it declares; import: the peers we pull from).
 */
export const ShareRule = struct(
  'ShareRule',
  { appId: t.string },
  { environment: t.string, serviceName: t.string, peers: t.readonlyArray(t.string) },
);
export type ShareRule = t.TypeOf<typeof ShareRule>;

export type ShareRules = readonly ShareRule[];

/** The rules that concern `reader`: those bound to no peer, and those naming it. */
export function rulesFor(rules: ShareRules, reader: string): ShareRules {
  return rules.filter((r) => r.peers === undefined || r.peers.includes(reader));
}

function matches(rule: ShareRule, key: Pick<ServiceKey, 'environment' | 'appId' | 'serviceName'>): boolean {
  return (
    rule.appId === key.appId &&
    (rule.environment === undefined || rule.environment === key.environment) &&
    (rule.serviceName === undefined || rule.serviceName === key.serviceName)
  );
}

/**
 * Whether `reader` may receive the service `key`. No rules at all share everything (the
 * default); otherwise only what a rule that concerns the reader matches.
 */
export function isShared(rules: ShareRules, reader: string, key: Pick<ServiceKey, 'environment' | 'appId' | 'serviceName'>): boolean {
  if (rules.length === 0) return true;
  return rulesFor(rules, reader).some((r) => matches(r, key));
}

/** The predicate `isShared(rules, reader, ·)`, or undefined when everything is shared (no work to do). */
export function shareFilter(rules: ShareRules, reader: string): ((key: Pick<ServiceKey, 'environment' | 'appId' | 'serviceName'>) => boolean) | undefined {
  if (rules.length === 0) return undefined;
  const mine = rulesFor(rules, reader);
  return (key) => mine.some((r) => matches(r, key));
}

/** `app`, `app/env`, `app/env/name` (`*` for an unset environment), then `@peer,peer` when bound. */
export function shareRuleText(rule: ShareRule): string {
  const parts = [rule.appId];
  if (rule.environment !== undefined || rule.serviceName !== undefined) parts.push(rule.environment ?? '*');
  if (rule.serviceName !== undefined) parts.push(rule.serviceName);
  return rule.peers === undefined ? parts.join('/') : `${parts.join('/')}@${rule.peers.join(',')}`;
}

/**
 * A short id of what `reader` is offered: it changes exactly when the rules that concern the
 * reader change, so a peer can tell a narrowed export (a withdrawal to apply at once) from a
 * mass deregistration (to quarantine). `all` while nothing is filtered.
 */
export function shareScopeId(rules: ShareRules, reader: string): string {
  if (rules.length === 0) return 'all';
  const text = rulesFor(rules, reader)
    .map((r) => [r.appId, r.environment ?? '\u0000', r.serviceName ?? '\u0000'].join('\u0001'))
    .sort()
    .join('\u0002');
  return `s${fnv1a(text).toString(16).padStart(8, '0')}`;
}

/** 32-bit FNV-1a: a stable, dependency-free digest (not for security). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** What one reader is offered: the filter (none = everything) and the scope id that names it. */
export type ShareScope = Readonly<{ allow?: (key: Pick<ServiceKey, 'environment' | 'appId' | 'serviceName'>) => boolean; id: string }>;

export function shareScope(rules: ShareRules, reader: string): ShareScope {
  return { allow: shareFilter(rules, reader), id: shareScopeId(rules, reader) };
}
