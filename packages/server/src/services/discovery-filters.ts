import { DEFAULT_TENANT, MicroService, Tenant } from '@service-center/core';
import { isDefaultTenant } from '../registry/reads';

/** Services every tenant may discover by key in `default/default` (SC's global list). */
export const GLOBAL_SERVICE_NAMES: readonly string[] = ['SERVICECENTER'];
export const GLOBAL_APP_ID = 'default';
export const GLOBAL_TENANT: Tenant = DEFAULT_TENANT;

/** Is this find key (app + name or alias) a global service's? */
export function isGlobalKey(appId: string, serviceName: string): boolean {
  return appId === GLOBAL_APP_ID && GLOBAL_SERVICE_NAMES.includes(serviceName);
}

/** Is this stored service a global one (SC's own, in `default/default`)? */
export function isGlobalService(tenant: Tenant, s: MicroService): boolean {
  return (
    isDefaultTenant(tenant) &&
    (s.appId ?? '') === GLOBAL_APP_ID &&
    (GLOBAL_SERVICE_NAMES.includes(s.serviceName ?? '') || GLOBAL_SERVICE_NAMES.includes(s.alias ?? ''))
  );
}

/**
 * May this consumer see this provider (spec §6.6)? Another app only when the provider allows
 * cross-app access; another environment only when the provider is global.
 */
export function isAccessible(consumer: MicroService, providerTenant: Tenant, provider: MicroService): boolean {
  if ((consumer.appId ?? '') !== (provider.appId ?? '')) {
    if ((provider.properties?.allowCrossApp ?? '').toLowerCase() !== 'true') return false;
  }
  if ((consumer.environment ?? '') !== (provider.environment ?? '')) {
    if (!isGlobalService(providerTenant, provider)) return false;
  }
  return true;
}

/** Tag filter: the service's tags hold every requested key (values are not compared). */
export function hasAllTags(tags: Readonly<Record<string, string>>, keys: readonly string[]): boolean {
  return keys.every((k) => Object.prototype.hasOwnProperty.call(tags, k));
}

/** `tags` query text -> tag keys (comma-separated, blanks dropped). */
export function tagKeysOf(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
