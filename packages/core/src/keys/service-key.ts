/** The identity of a service: unique per (tenant, environment, appId, serviceName, version). */
export type ServiceKey = Readonly<{
  domain: string;
  project: string;
  environment: string;
  appId: string;
  serviceName: string;
  version: string;
}>;

export type Tenant = Readonly<{ domain: string; project: string }>;

export const DEFAULT_TENANT: Tenant = Object.freeze({ domain: 'default', project: 'default' });

export function tenantText(t: Tenant): string {
  return `${t.domain}/${t.project}`;
}

/** `domain/project` -> Tenant; a text without `/` is a domain in project `default`. */
export function parseTenant(text: string): Tenant {
  const i = text.indexOf('/');
  return i < 0 ? { domain: text, project: 'default' } : { domain: text.slice(0, i), project: text.slice(i + 1) };
}

export function serviceKeyOf(
  tenant: Tenant,
  s: Readonly<{ environment?: string; appId?: string; serviceName?: string; version?: string }>,
): ServiceKey {
  return {
    domain: tenant.domain,
    project: tenant.project,
    environment: s.environment ?? '',
    appId: s.appId ?? '',
    serviceName: s.serviceName ?? '',
    version: s.version ?? '',
  };
}

/** The same key with the alias in place of the name (the alias index). */
export function aliasKeyOf(tenant: Tenant, s: Readonly<{ environment?: string; appId?: string; alias?: string; version?: string }>): ServiceKey {
  return serviceKeyOf(tenant, { environment: s.environment, appId: s.appId, serviceName: s.alias, version: s.version });
}

/** A stable string for maps: the index key text. */
export function serviceKeyText(k: ServiceKey): string {
  return `${k.domain}/${k.project}/${k.environment}/${k.appId}/${k.serviceName}/${k.version}`;
}

export function sameServiceKey(a: ServiceKey, b: ServiceKey): boolean {
  return serviceKeyText(a) === serviceKeyText(b);
}
