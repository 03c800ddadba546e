import { DEFAULT_TENANT, MicroService, Tenant } from '@service-center/core';
import { isGlobalService } from './microservices-common';

/** Global services live in `default/default`; every tenant may discover them by key. */
export const GLOBAL_TENANT: Tenant = DEFAULT_TENANT;

/** Is this find key (app + name or alias) a global service's? */
export function isGlobalKey(appId: string, serviceName: string): boolean {
  return isGlobalService(GLOBAL_TENANT, { appId, serviceName });
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
