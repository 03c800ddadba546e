import { Version, compareParsed, compareVersions, parseVersion } from './version';

/**
 * A version rule as clients send it in find: `latest`, `X+` (X and newer), `A-B` (A up to
 * but excluding B; swapped when A > B), an exact version, or `all` (absent, `0+`, `0.0.0+`).
 */
export type VersionRule =
  | Readonly<{ kind: 'all' }>
  | Readonly<{ kind: 'latest' }>
  | Readonly<{ kind: 'atLeast'; from: Version }>
  | Readonly<{ kind: 'range'; from: Version; to: Version }>
  | Readonly<{ kind: 'exact'; version: Version; text: string }>;

export type VersionRuleParse = Readonly<{ ok: true; rule: VersionRule }> | Readonly<{ ok: false; reason: string }>;

const ZERO: Version = [0, 0, 0, 0];

/** Parse a version rule. Never throws; an unusable text gives `{ok: false, reason}`. */
export function parseVersionRule(text: string | undefined | null): VersionRuleParse {
  if (text === undefined || text === null || text === '') return { ok: true, rule: { kind: 'all' } };
  if (typeof text !== 'string') return { ok: false, reason: 'version rule must be a string' };
  const s = text.trim();
  if (s === 'latest') return { ok: true, rule: { kind: 'latest' } };
  if (s.endsWith('+')) {
    const from = parseVersion(s.slice(0, -1));
    if (!from) return { ok: false, reason: `'${text}' is not a version followed by '+'` };
    return { ok: true, rule: compareParsed(from, ZERO) === 0 ? { kind: 'all' } : { kind: 'atLeast', from } };
  }
  const dash = s.indexOf('-');
  if (dash >= 0) {
    const a = parseVersion(s.slice(0, dash));
    const b = parseVersion(s.slice(dash + 1));
    if (!a || !b) return { ok: false, reason: `'${text}' is not a range 'A-B' of two versions` };
    const [from, to] = compareParsed(a, b) <= 0 ? [a, b] : [b, a];
    return { ok: true, rule: { kind: 'range', from, to } };
  }
  const v = parseVersion(s);
  if (!v) return { ok: false, reason: `'${text}' is not a version, 'X+', 'A-B' or 'latest'` };
  return { ok: true, rule: { kind: 'exact', version: v, text: s } };
}

/** Does one version satisfy a rule? `latest` needs the candidates: use selectVersions. */
export function matchesVersion(rule: VersionRule, version: string): boolean {
  if (rule.kind === 'all') return true;
  const v = parseVersion(version);
  if (!v) return false;
  switch (rule.kind) {
    case 'latest':
      return true;
    case 'atLeast':
      return compareParsed(v, rule.from) >= 0;
    case 'range':
      return compareParsed(v, rule.from) >= 0 && compareParsed(v, rule.to) < 0;
    case 'exact':
      // SC looks an exact version up by its index key: the text must be the same.
      return version === rule.text;
  }
}

/** The versions a rule selects from the candidates, newest first. */
export function selectVersions(rule: VersionRule, versions: readonly string[]): string[] {
  const sorted = Array.from(new Set(versions)).sort((a, b) => compareVersions(b, a));
  if (rule.kind === 'latest') {
    const top = sorted.find((v) => parseVersion(v) !== undefined);
    if (!top) return [];
    const pt = parseVersion(top)!;
    return sorted.filter((v) => {
      const p = parseVersion(v);
      return p !== undefined && compareParsed(p, pt) === 0;
    });
  }
  return sorted.filter((v) => matchesVersion(rule, v));
}

/**
 * A find's `version` as Service-Center 2.0 read it, percent-decoded once first: go-chassis
 * escapes the already-escaped text, so `0%2B` (that is, `0+`) arrives. Text that is not
 * escaped is parsed as it is.
 */
export function parseFindVersionRule(text: string): VersionRuleParse {
  let decoded = text;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    /* a lone '%' is not an escape: keep the text */
  }
  return parseVersionRule(decoded);
}
