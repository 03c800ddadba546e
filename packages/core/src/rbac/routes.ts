/**
 * Which requests need a token, and which resource and verb a request asks for, as
 * Service-Center's built-in authenticator maps its routes.
 */
export type Verb = 'get' | 'create' | 'update' | 'delete';

export const RESOURCES = ['service', 'service/schema', 'governance', 'ops', 'account', 'role'] as const;
export type ResourceType = (typeof RESOURCES)[number];

/** What the authenticator does with a request. */
export type RouteAccess =
  | Readonly<{ kind: 'open' }>
  | Readonly<{ kind: 'token' }>
  | Readonly<{ kind: 'checked'; resource: ResourceType | ''; verb: Verb | '' }>;

const VERBS: Readonly<Record<string, Verb>> = { GET: 'get', POST: 'create', PUT: 'update', DELETE: 'delete' };

/** GET get, POST create, PUT update, DELETE delete; any other method maps to no verb (only `*` grants it). */
export function verbOf(method: string): Verb | '' {
  return VERBS[method.toUpperCase()] ?? '';
}

const SEG = '[^/]+';

/** Paths that need no token: token issue, version and health probes, `/metrics` (served outside the API's chain). */
const WHITE_LIST: readonly RegExp[] = [
  /^\/v4\/token\/?$/,
  /^\/version\/?$/,
  /^\/health\/?$/,
  new RegExp(`^/v4/${SEG}/registry/version/?$`),
  new RegExp(`^/v4/${SEG}/registry/health/?$`),
  /^\/v1\/syncer\/health\/?$/,
  /^\/metrics\/?$/,
];

/** A token is needed, but no permission: one's own permissions and one's own password. */
const TOKEN_ONLY: readonly RegExp[] = [/^\/v4\/self-perms\/?$/, new RegExp(`^/v4/accounts/${SEG}/password/?$`)];

/** First match wins; the order makes schema routes `service/schema` before the registry's `service`. */
const RESOURCE_OF: readonly (readonly [RegExp, ResourceType])[] = [
  [/^\/v4\/(accounts|account-locks)(\/|$)/, 'account'],
  [/^\/v4\/roles(\/|$)/, 'role'],
  [new RegExp(`^/v1/${SEG}/gov(/|$)`), 'governance'],
  [new RegExp(`^/v4/${SEG}/registry/microservices/${SEG}/schemas(/|$)`), 'service/schema'],
  [new RegExp(`^/v4/${SEG}/admin(/|$)`), 'ops'],
  [new RegExp(`^/v4/${SEG}/(registry|govern)(/|$)`), 'service'],
  [/^\/registry\/v3(\/|$)/, 'service'],
];

export function isWhiteListed(path: string): boolean {
  return WHITE_LIST.some((re) => re.test(path));
}

/** The resource a path belongs to; '' for a path of no resource (only admin may call it). */
export function resourceOf(path: string): ResourceType | '' {
  return RESOURCE_OF.find(([re]) => re.test(path))?.[1] ?? '';
}

/** Batch find is a POST that only reads: Service-Center checks it as `get`. */
const BATCH_FIND = new RegExp(`^/v4/${SEG}/registry/instances/action/?$`);

export function accessOf(method: string, path: string): RouteAccess {
  if (isWhiteListed(path)) return { kind: 'open' };
  if (TOKEN_ONLY.some((re) => re.test(path))) return { kind: 'token' };
  const verb = method.toUpperCase() === 'POST' && BATCH_FIND.test(path) ? 'get' : verbOf(method);
  return { kind: 'checked', resource: resourceOf(path), verb };
}
