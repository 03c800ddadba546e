import { DEFAULT_TENANT, Tenant } from './service-key';

/** Service-Center's own service name and app: a global (shared) service of `default/default`. */
export const SC_SERVICE_NAME = 'SERVICECENTER';
export const SC_APP_ID = 'default';

/** Global services live in `default/default`; every tenant may discover them by key. */
export const GLOBAL_TENANT: Tenant = DEFAULT_TENANT;

/**
 * Is this a global service (SC's `core.IsGlobal`)? Only `SERVICECENTER` is global here: there
 * is no `registry.service.globalVisible` setting.
 */
export function isGlobalService(tenant: Tenant, s: Readonly<{ appId?: string; serviceName?: string; alias?: string }>): boolean {
  if (tenant.domain !== DEFAULT_TENANT.domain || tenant.project !== DEFAULT_TENANT.project) return false;
  if (s.appId !== SC_APP_ID) return false;
  return s.serviceName === SC_SERVICE_NAME || s.alias === SC_SERVICE_NAME;
}
