import { isValidVersion } from '../version/version';

/**
 * One field rule, the shape of SC's pkg/validate Rule: `min` is a byte length for strings,
 * `max` a rune count; on arrays and maps both bound the length; on ints both bound the value
 * and `min` always applies (so ints are >= 0 unless said otherwise). A regexp on an array or
 * map applies to every element (maps: every key and every value).
 */
export type Rule = Readonly<{
  min?: number;
  max?: number;
  regexp?: RegExp;
  /** The value must be a version (`^\d+(\.\d+){0,3}$`, int16 segments). */
  version?: boolean;
  /** The value must be empty or a version rule (`x[.y[.z]]`, `…+`, `A-B`, `latest`; int16 parts). */
  versionRule?: boolean;
}>;

export type FieldKind = 'string' | 'array' | 'map' | 'int';

export type FieldRule = Readonly<{
  /** JSON field name. */
  field: string;
  /** Go field name, as SC prints it in the error detail. */
  goName: string;
  kind: FieldKind;
  rule: Rule;
}>;

export type ObjectRules = Readonly<{
  /** Go type name, as SC prints it in the error detail. */
  goType: string;
  fields: readonly FieldRule[];
  /** Nested objects, validated only when present (SC's sub-validators). */
  nested?: readonly Readonly<{ field: string; rules: ObjectRules; array?: boolean }>[];
}>;

export const VERSION_REGEXP_TEXT = '^\\d+(\\.\\d+){0,3}$';

/** SC's `versionAllowEmptyRegex` (dependency providers); each number must also be an int16. */
const VERSION_RULE_REGEXP = /^(^\d+(\.\d+){0,2}\+?$|^\d+(\.\d+){0,2}-\d+(\.\d+){0,2}$|^latest$)?$/;

function isVersionRuleText(s: string): boolean {
  return VERSION_RULE_REGEXP.test(s) && (s.match(/\d+/g) ?? []).every((n) => Number(n) <= 32767);
}

/** `{Min: 1, Max: 160, Regexp: ^...$}` exactly as SC's Rule.String() prints it. */
export function ruleText(rule: Rule): string {
  const parts: string[] = [];
  if (rule.min !== undefined && rule.min > 0) parts.push(`Min: ${rule.min}`);
  if (rule.max !== undefined && rule.max > 0) parts.push(`Max: ${rule.max}`);
  if (rule.regexp) parts.push(`Regexp: ${rule.regexp.source}`);
  if (rule.version) parts.push(`Regexp: ${VERSION_REGEXP_TEXT}`);
  if (rule.versionRule) parts.push(`Regexp: ${VERSION_RULE_REGEXP.source}`);
  return `{${parts.join(', ')}}`;
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function stringOk(s: string, rule: Rule): boolean {
  if (rule.min !== undefined && Buffer.byteLength(s, 'utf8') < rule.min) return false;
  if (rule.max !== undefined && runeCount(s) > rule.max) return false;
  if (rule.regexp && !rule.regexp.test(s)) return false;
  if (rule.version && !isValidVersion(s)) return false;
  if (rule.versionRule && !isVersionRuleText(s)) return false;
  return true;
}

const elementRuleOf = (rule: Rule): Rule => ({ regexp: rule.regexp, version: rule.version, versionRule: rule.versionRule });
const elementText = (e: unknown): string => (typeof e === 'string' ? e : '');

/** Does a (possibly absent) value satisfy the rule? Absent means Go's zero value. */
export function satisfies(kind: FieldKind, value: unknown, rule: Rule): boolean {
  switch (kind) {
    case 'string':
      return stringOk(typeof value === 'string' ? value : '', rule);
    case 'int': {
      const n = typeof value === 'number' ? value : 0;
      return n >= (rule.min ?? 0) && (rule.max === undefined || n <= rule.max);
    }
    case 'array': {
      const arr = Array.isArray(value) ? (value as unknown[]) : [];
      if (rule.min !== undefined && arr.length < rule.min) return false;
      if (rule.max !== undefined && arr.length > rule.max) return false;
      const elementRule = elementRuleOf(rule);
      return arr.every((e) => stringOk(elementText(e), elementRule));
    }
    case 'map': {
      const entries = value && typeof value === 'object' ? Object.entries(value as Record<string, unknown>) : [];
      if (rule.min !== undefined && entries.length < rule.min) return false;
      if (rule.max !== undefined && entries.length > rule.max) return false;
      const elementRule = elementRuleOf(rule);
      return entries.every(([k, v]) => stringOk(k, elementRule) && stringOk(elementText(v), elementRule));
    }
  }
}

/** Go's `%v` of the value, for the error detail. */
export function goValueText(kind: FieldKind, value: unknown): string {
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? value : '';
    case 'int':
      return String(typeof value === 'number' ? value : 0);
    case 'array':
      return `[${(Array.isArray(value) ? (value as unknown[]) : []).map(String).join(' ')}]`;
    case 'map': {
      const entries = value && typeof value === 'object' ? Object.entries(value as Record<string, unknown>) : [];
      return `map[${entries
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${k}:${String(v)}`)
        .join(' ')}]`;
    }
  }
}

/**
 * The value SC prints for a failed rule (pkg/validate Rule.Match): when an array or map has an
 * acceptable length, the first element (map: key, then its value; keys in sorted order) that
 * fails the regexp; otherwise the whole value.
 */
export function invalidValueText(kind: FieldKind, value: unknown, rule: Rule): string {
  const elementRule = elementRuleOf(rule);
  if (kind === 'array' && Array.isArray(value) && satisfies('array', value, { min: rule.min, max: rule.max })) {
    const bad = (value as unknown[]).map(elementText).find((e) => !stringOk(e, elementRule));
    if (bad !== undefined) return bad;
  }
  if (kind === 'map' && value && typeof value === 'object' && satisfies('map', value, { min: rule.min, max: rule.max })) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [k, v] of entries) {
      if (!stringOk(k, elementRule)) return k;
      if (!stringOk(elementText(v), elementRule)) return elementText(v);
    }
  }
  return goValueText(kind, value);
}
