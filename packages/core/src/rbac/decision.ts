import { ScCodes } from '../errors/codes';
import { scError, type ScError } from '../errors/sc-error';
import type { Permission } from '../model/rbac';
import type { ResourceType, Verb } from './routes';

export const ROLE_ADMIN = 'admin';
export const ROLE_DEVELOPER = 'developer';
export const ROOT_ACCOUNT = 'root';

/** The labels a role may put on a resource: `appId`, `serviceName` (with `*` wildcards), `environment`. */
export type Labels = Readonly<Record<string, string>>;

/** What a request asks for; `labels` are those of the services it names, when it names some. */
export type Target = Readonly<{ resource: ResourceType | ''; verb: Verb | ''; labels?: readonly Labels[] }>;

/**
 * Allowed: `labels` undefined means every record is visible; otherwise list answers keep only
 * records matching one of them.
 */
export type Decision = Readonly<{ kind: 'allowed'; labels?: readonly Labels[] }>;

export const ALL_RESOURCES: readonly ResourceType[] = ['account', 'role', 'service', 'governance', 'ops', 'service/schema'];

/** The built-in roles: admin has everything, developer everything but accounts and roles. */
export const BUILT_IN_PERMS: Readonly<Record<string, readonly Permission[]>> = {
  [ROLE_ADMIN]: [{ resources: ALL_RESOURCES.map((type) => ({ type })), verbs: ['*'] }],
  [ROLE_DEVELOPER]: [{ resources: ALL_RESOURCES.filter((r) => r !== 'account' && r !== 'role').map((type) => ({ type })), verbs: ['*'] }],
};

export function isBuiltInRole(name: string): boolean {
  return name === ROLE_ADMIN || name === ROLE_DEVELOPER;
}

export function hasAdminRole(roles: readonly string[]): boolean {
  return roles.includes(ROLE_ADMIN);
}

/** Service-Center's decision over the permissions of every role of the caller. */
export function decide(perms: readonly Permission[], target: Target): ScError | Decision {
  if (perms.length === 0) return scError(ScCodes.NoPermission, 'role has no any permissions');
  const granted = grantedLabels(perms, target.resource, target.verb);
  if (granted === 'denied') {
    return scError(ScCodes.NoPermission, `role has no permissions[${target.resource}:${target.verb}]`);
  }
  if (granted.length === 0) return { kind: 'allowed' };
  if (target.labels === undefined || target.labels.length === 0) return { kind: 'allowed', labels: granted };
  const matched = target.labels.flatMap((have) => granted.filter((want) => labelsMatch(have, want)));
  if (matched.length === 0) {
    return scError(
      ScCodes.NoPermission,
      `role has no permissions[${target.resource}:${target.verb}] for labels ${JSON.stringify(target.labels)}`,
    );
  }
  return { kind: 'allowed', labels: matched };
}

/** 'denied', or the labels of the granting permissions ([] when one grants without labels). */
function grantedLabels(perms: readonly Permission[], resource: string, verb: string): 'denied' | Labels[] {
  let allowed = false;
  const labels: Labels[] = [];
  for (const perm of perms) {
    const verbs = perm.verbs ?? [];
    if (!verbs.includes('*') && !verbs.includes(verb)) continue;
    for (const r of perm.resources ?? []) {
      if (r.type !== resource) continue;
      if (r.labels === undefined || Object.keys(r.labels).length === 0) return [];
      allowed = true;
      labels.push(r.labels);
    }
  }
  return allowed ? labels : 'denied';
}

/** A request's labels match a permission's when every label the permission names is equal. */
function labelsMatch(have: Labels, want: Labels): boolean {
  return Object.entries(want).every(([k, v]) => have[k] === v);
}

/** The service fields a role's labels are compared with. */
export type LabelledService = Readonly<{ appId?: string; serviceName?: string; environment?: string }>;

/** Whether a service in a list answer stays visible under `labels` (one match is enough). */
export function isVisible(service: LabelledService, labels: readonly Labels[] | undefined): boolean {
  if (labels === undefined || labels.length === 0) return true;
  return labels.some((l) => matchOne(service, l));
}

function matchOne(service: LabelledService, labels: Labels): boolean {
  if (labels.environment !== undefined && (service.environment ?? '') !== labels.environment) return false;
  if (labels.appId !== undefined && (service.appId ?? '') !== labels.appId) return false;
  if (labels.serviceName !== undefined && !wildcardMatch(labels.serviceName, service.serviceName ?? '')) return false;
  return true;
}

/** `*` matches any run of characters, everything else itself. */
export function wildcardMatch(pattern: string, text: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 's');
  return re.test(text);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
