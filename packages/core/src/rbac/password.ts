/** Service-Center's password rule (8 to 32 bytes; upper, lower, digit and special characters). */
const MIN_BYTES = 8;
const MAX_BYTES = 32;

/** Why `password` is refused for account `name`, or undefined when it is acceptable. */
export function passwordProblem(name: string, password: string): string | undefined {
  if (!isStrongPassword(password)) {
    return `password must be ${MIN_BYTES} to ${MAX_BYTES} characters long and contain an upper-case letter, a lower-case letter, a digit and a special character`;
  }
  if (password === name) return 'account name and password MUST NOT be same';
  if (password === reversed(name)) return 'password MUST NOT be the reversed account name';
  return undefined;
}

/** Go's checker counts bytes, and gives each character to the first class it belongs to. */
export function isStrongPassword(s: string): boolean {
  const bytes = utf8Length(s);
  let upper = false;
  let lower = false;
  let digit = false;
  let special = false;
  for (const ch of s) {
    if (/\p{Lu}/u.test(ch)) upper = true;
    else if (/\p{Ll}/u.test(ch)) lower = true;
    else if (/\p{N}/u.test(ch)) digit = true;
    else if (/[\p{P}\p{S}]/u.test(ch)) special = true;
  }
  return bytes >= MIN_BYTES && bytes <= MAX_BYTES && upper && lower && digit && special;
}

function reversed(s: string): string {
  return [...s].reverse().join('');
}

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}
