import * as E from 'fp-ts/Either';
import type { ScError } from '../errors/sc-error';
import { scError } from '../errors/sc-error';
import { ScCodes } from '../errors/codes';
import type { Tenant } from '../keys/service-key';
import { isGlobalService } from '../keys/global-service';
import type { MicroService } from '../model/micro-service';

/** What a govern list entry can carry besides the definition. */
export const DETAIL_OPTIONS = ['tags', 'instances', 'schemas', 'dependencies'] as const;
export type DetailOption = (typeof DETAIL_OPTIONS)[number];

export type GovernOptions = Readonly<{
  details: ReadonlySet<DetailOption>;
  statistics: boolean;
  /** `statistics` was the only option: the answer is the statistics alone. */
  statisticsOnly: boolean;
}>;

const isDetailOption = (o: string): o is DetailOption => (DETAIL_OPTIONS as readonly string[]).includes(o);

/**
 * Service-Center's `options`: split on `,` (no trimming); `all` stands for every detail plus
 * statistics; unknown names (and the empty one, so no options at all) add nothing.
 */
export function governOptions(raw: string): GovernOptions {
  const given = new Set(raw.split(','));
  if (given.has('all')) return { details: new Set(DETAIL_OPTIONS), statistics: true, statisticsOnly: false };
  const statistics = given.has('statistics');
  return { details: new Set([...given].filter(isDetailOption)), statistics, statisticsOnly: statistics && given.size === 1 };
}

/** `countOnly`: `1`, `0` or blank; anything else is 400001. */
export function countOnlyOf(raw: string): E.Either<ScError, boolean> {
  if (raw === '1') return E.right(true);
  if (raw === '0' || raw.trim() === '') return E.right(false);
  return E.left(scError(ScCodes.InvalidParams, 'parameter countOnly must be 1 or 0'));
}

/** Repeated `property=k:v` parameters; `k` alone asks for an empty value; a later key wins. */
export function propertyFilterOf(values: readonly string[]): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const kv of values) {
    const at = kv.indexOf(':');
    if (at < 0) out[kv] = '';
    else out[kv.slice(0, at)] = kv.slice(at + 1);
  }
  return out;
}

export type GovernFilter = Readonly<{
  withShared: boolean;
  environment: string;
  appId: string;
  serviceName: string;
  properties: Readonly<Record<string, string>>;
}>;

/** Exact env/app/name when given, every property equal, Service-Center's own service only with `withShared`. */
export function matchesGovernFilter(tenant: Tenant, s: MicroService, f: GovernFilter): boolean {
  if (!f.withShared && isGlobalService(tenant, s)) return false;
  if (f.environment !== '' && f.environment !== (s.environment ?? '')) return false;
  if (f.appId !== '' && f.appId !== (s.appId ?? '')) return false;
  if (f.serviceName !== '' && f.serviceName !== (s.serviceName ?? '')) return false;
  const props = s.properties ?? {};
  return Object.entries(f.properties).every(([k, v]) => Object.prototype.hasOwnProperty.call(props, k) && props[k] === v);
}

/** The distinct appIds of the services registered in exactly this environment (`''` included), sorted. */
export function appIdsOf(tenant: Tenant, services: readonly MicroService[], environment: string, withShared: boolean): string[] {
  const apps = new Set<string>();
  for (const s of services) {
    if ((s.environment ?? '') !== environment) continue;
    if (!withShared && isGlobalService(tenant, s)) continue;
    apps.add(s.appId ?? '');
  }
  return [...apps].sort();
}
