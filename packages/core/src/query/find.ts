import * as E from 'fp-ts/Either';
import type { ServiceKey, Tenant } from '../keys/service-key';
import { ScError, scError } from '../errors/sc-error';
import { ScCodes } from '../errors/codes';
import { parseVersionRule, selectVersions } from '../version/version-rule';
import type { InstanceEntry, ServiceEntry, ServiceScope, View } from '../aggregate/view';
import { Scope, scopeOfEntry } from '../aggregate/internal/alias';
import { compareText } from '../aggregate/internal/compare';
import { lookupServices } from './lookup';
import { revisionOf } from './revision';

export type FindQuery = Readonly<{
  tenant: Tenant;
  environment?: string;
  appId: string;
  /** A service name, or an alias when no service has that name (SC's lookup order). */
  serviceName: string;
  /** A version rule (`latest`, `1.0.0+`, `1.0.0-2.0.0`, exact); absent means all versions. */
  version?: string;
  /** Tag keys the service must have, all of them. */
  tags?: readonly string[];
  /** All sources (true) or this server's own sources only (false, the default). */
  global?: boolean;
}>;

export type FoundInstances = Readonly<{
  instances: readonly InstanceEntry[];
  /** The logical services the instances came from, in key order. */
  services: readonly ServiceKey[];
  rev: string;
}>;

/** By name first; failing that by alias, taking the alias's winner per version. */
function lookup(view: View, q: FindQuery, scope: Scope): [ServiceEntry, ServiceScope][] {
  const probe = { tenant: q.tenant, environment: q.environment ?? '', appId: q.appId, serviceName: q.serviceName };
  return lookupServices(view, probe, scope).map((e) => [e, scopeOfEntry(e, scope)!]);
}

function hasTags(s: ServiceScope, tags: readonly string[]): boolean {
  const own = s.definition.tags ?? {};
  return tags.every((t) => Object.prototype.hasOwnProperty.call(own, t));
}

/** Demoted instances are served only when the service has nothing fresh. */
function served(s: ServiceScope): readonly InstanceEntry[] {
  return s.hasFresh ? s.instances.filter((i) => !i.demoted) : s.instances;
}

/**
 * Find instances the way SC's `GET /registry/instances` does, over the merged view.
 * Left 400001 for an unusable version rule, 400012 when no service (in the read scope)
 * has the name or alias, or no version matches; a tag filter that matches nothing gives
 * an empty list.
 */
export function findInstances(view: View, q: FindQuery): E.Either<ScError, FoundInstances> {
  const rule = parseVersionRule(q.version);
  if (!rule.ok) return E.left(scError(ScCodes.InvalidParams, rule.reason));
  const scope: Scope = q.global ? 'global' : 'local';
  const found = lookup(view, q, scope);
  const what = `${q.environment ?? ''}/${q.appId}/${q.serviceName}`;
  if (found.length === 0) return E.left(scError(ScCodes.ServiceNotExists, `provider ${what} does not exist`));
  const versions = new Set(selectVersions(rule.rule, found.map(([e]) => e.key.version)));
  const matching = found.filter(([e]) => versions.has(e.key.version));
  if (matching.length === 0) {
    return E.left(scError(ScCodes.ServiceNotExists, `provider ${what} has no version matching '${q.version}'`));
  }
  const picked = matching
    .filter(([, s]) => hasTags(s, q.tags ?? []))
    .sort(([a], [b]) => compareText(a.keyText, b.keyText));
  const instances = picked
    .flatMap(([, s]) => served(s))
    .sort((a, b) => compareText(a.instanceId, b.instanceId) || compareText(a.serviceId, b.serviceId));
  return E.right({ instances, services: picked.map(([e]) => e.key), rev: revisionOf(instances) });
}
