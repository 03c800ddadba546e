// Test helpers for the core wire model: unwrap Eithers, and SC's regexps as its validators write them.
import * as E from 'fp-ts/Either';
import type { ScError } from '../errors/sc-error';

export function rightOf<A>(e: E.Either<ScError, A>): A {
  if (E.isLeft(e)) throw new Error(`expected Right, got Left ${JSON.stringify(e.left)}`);
  return e.right;
}

export function leftOf<A>(e: E.Either<ScError, A>): ScError {
  if (E.isRight(e)) throw new Error(`expected Left, got Right ${JSON.stringify(e.right)}`);
  return e.left;
}

/** `n` copies of `ch`. */
export const chars = (n: number, ch = 'a'): string => ch.repeat(n);

/**
 * SC's validator regexps, written out from its server/service/validator/*.go (independently of
 * validate/rules.ts) so the expected `detail` texts are checked against Service-Center's, not
 * against the code under test.
 */
export const SC_RE = {
  serviceId: String.raw`^\S*$`,
  name: String.raw`^[a-zA-Z0-9]*$|^[a-zA-Z0-9][a-zA-Z0-9_\-.]*[a-zA-Z0-9]$`,
  aliasableName: String.raw`^[a-zA-Z0-9]*$|^[a-zA-Z0-9][a-zA-Z0-9_\-.:]*[a-zA-Z0-9]$`,
  version: String.raw`^\d+(\.\d+){0,3}$`,
  environment: String.raw`^(development|testing|acceptance|production)*$`,
  level: String.raw`^(FRONT|MIDDLE|BACK)$`,
  serviceStatus: String.raw`^(UP|DOWN)?$`,
  schemaIdInService: String.raw`^[a-zA-Z0-9]{1,160}$|^[a-zA-Z0-9][a-zA-Z0-9_\-.]{0,158}[a-zA-Z0-9]$`,
  schemaId: String.raw`^[a-zA-Z0-9]+$|^[a-zA-Z0-9][a-zA-Z0-9_\-.]*[a-zA-Z0-9]$`,
  path: String.raw`^[A-Za-z0-9.,?'\\/+&amp;%$#=~_\-@{}]*$`,
  alias: String.raw`^[a-zA-Z0-9_\-.:]*$`,
  registerBy: String.raw`^(SDK|SIDECAR|PLATFORM)*$`,
  instanceId: String.raw`^[A-Za-z0-9_.-]*$`,
  nonSpace: String.raw`\S+`,
  instanceStatus: String.raw`^(UP|DOWN|STARTING|TESTING|OUTOFSERVICE)?$`,
  instanceStatusRequired: String.raw`^(UP|DOWN|STARTING|TESTING|OUTOFSERVICE)$`,
  healthCheckMode: String.raw`^(push|pull)$`,
  dataCenter: String.raw`^[A-Za-z0-9_.-]+$`,
  tag: String.raw`^[a-zA-Z][a-zA-Z0-9_\-.]{0,63}$`,
  summary: String.raw`^[a-zA-Z0-9]*$`,
  /** SC's `versionAllowEmptyRegex` (server/service/validator/dependency_validator.go). */
  versionRuleOrEmpty: String.raw`^(^\d+(\.\d+){0,2}\+?$|^\d+(\.\d+){0,2}-\d+(\.\d+){0,2}$|^latest$)?$`,
} as const;

/** SC's detail text for one failed field rule. */
export const detailOf = (goType: string, goName: string, value: string, rule: string): string =>
  `field '${goType}.${goName}' invalid value '${value}' does not match rule: ${rule}`;
