/**
 * Value comparison for wire records. Go's `omitempty` makes an absent field, `""`, `[]`
 * and `{}` indistinguishable on the wire, so they compare equal here too.
 */
function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') {
    for (const _ in v) return false;
    return true;
  }
  return false;
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Primitives (the common case) never need the structural walk.
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return isEmpty(a) && isEmpty(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return isEmpty(a) && isEmpty(b);
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  return sameFields(a as Record<string, unknown>, b as Record<string, unknown>);
}

/** Whether two objects agree on every key; no allocation, stops at the first difference. */
function sameFields(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  for (const k in a) if (!sameValue(a[k], b[k])) return false;
  for (const k in b) if (!(k in a) && !isEmpty(b[k])) return false;
  return true;
}

/** JSON with sorted keys and empty values dropped: equal records give equal text. */
export function stableStringify(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  const obj = v as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(obj).sort()) {
    if (isEmpty(obj[k])) continue;
    parts.push(`${JSON.stringify(k)}:${stableStringify(obj[k])}`);
  }
  return `{${parts.join(',')}}`;
}

/** Plain code-unit order, so results do not depend on the host's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
