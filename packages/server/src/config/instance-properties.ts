import { ReservedProperties } from '@service-center/core';

export type PropertiesParse =
  | Readonly<{ ok: true; value: Readonly<Record<string, string>> }>
  | Readonly<{ ok: false; reason: string }>;

const KEY = /^[^\s=,]{1,128}$/;
const RESERVED = new Set<string>(Object.values(ReservedProperties));

/** Check a property map: sane keys, none of the names global answers add themselves. */
export function checkProperties(entries: readonly (readonly [string, string])[]): PropertiesParse {
  const out: Record<string, string> = {};
  for (const [rawKey, rawValue] of entries) {
    const key = rawKey.trim();
    if (!KEY.test(key)) return { ok: false, reason: `property name '${key}' must be 1-128 characters without spaces, '=' or ','` };
    if (RESERVED.has(key)) return { ok: false, reason: `property '${key}' is reserved (the server sets it in global answers)` };
    if (Object.prototype.hasOwnProperty.call(out, key)) return { ok: false, reason: `property '${key}' is given twice` };
    out[key] = rawValue.trim();
  }
  return { ok: true, value: Object.freeze(out) };
}

/** The flag form `k=v,k2=v2` (empty items are skipped; a value may be empty, `k=`). */
export function parseProperties(text: string): PropertiesParse {
  const entries: [string, string][] = [];
  for (const item of text.split(',').map((x) => x.trim())) {
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq < 0) return { ok: false, reason: `'${item}' is not key=value (expected e.g. engine=blue,rack=r1)` };
    entries.push([item.slice(0, eq), item.slice(eq + 1)]);
  }
  return checkProperties(entries);
}
