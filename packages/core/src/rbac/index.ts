export { passwordProblem, isStrongPassword } from './password';
export { DEFAULT_TOKEN_EXPIRATION, MIN_TOKEN_MS, MAX_TOKEN_MS, parseGoDuration, tokenLifetimeMs } from './token-expiry';
export { RESOURCES, verbOf, isWhiteListed, resourceOf, accessOf } from './routes';
export type { Verb, ResourceType, RouteAccess } from './routes';
export {
  ROLE_ADMIN,
  ROLE_DEVELOPER,
  ROOT_ACCOUNT,
  ALL_RESOURCES,
  BUILT_IN_PERMS,
  isBuiltInRole,
  hasAdminRole,
  decide,
  isVisible,
  wildcardMatch,
} from './decision';
export type { Labels, Target, Decision, LabelledService } from './decision';
export { visibleReads } from './visible-reads';
export { DEFAULT_LOCKOUT, lockKeyOf, recordFailure, lockOfHistory, isBlocked, isExpired } from './lockout';
export type { LockoutPolicy, FailureBucket, FailureOutcome } from './lockout';
export { TokenClaims, unverifiedClaims } from './token-claims';
export { TOKEN_REFRESH_SHARE, FIRST_REFUSAL_HOLD_MS, REFUSAL_HOLD_MS, tokenTimes, loginRetryAt } from './login-schedule';
export type { TokenTimes } from './login-schedule';
