/**
 * Service versions: 1 to 4 dot-separated decimal segments, each an int16 (0..32767).
 * Missing segments count as 0 when comparing, so `1.0` and `1.0.0` rank alike.
 */
export type Version = readonly [number, number, number, number];

const VERSION_TEXT = /^\d+(\.\d+){0,3}$/;
const INT16_MAX = 32767;

/** Parse a version; undefined when the text is not one. Never throws. */
export function parseVersion(text: string): Version | undefined {
  if (typeof text !== 'string' || !VERSION_TEXT.test(text)) return undefined;
  const segs = text.split('.').map((s) => Number(s));
  if (segs.some((n) => !Number.isInteger(n) || n > INT16_MAX)) return undefined;
  while (segs.length < 4) segs.push(0);
  return [segs[0], segs[1], segs[2], segs[3]];
}

export function isValidVersion(text: string): boolean {
  return parseVersion(text) !== undefined;
}

/** Numeric order of parsed versions (-1, 0, 1). */
export function compareParsed(a: Version, b: Version): number {
  for (let i = 0; i < 4; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

/**
 * A total order on version strings: numeric order first; equal numbers (`1.0` vs `1.0.0`)
 * and unparsable texts (ranked below every version) are ordered by their text.
 */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (pa && pb) {
    const c = compareParsed(pa, pb);
    if (c !== 0) return c;
  } else if (pa || pb) {
    return pa ? 1 : -1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
