/**
 * Service-Center's scctl table layout (scctl/pkg/writer: olekukonko/tablewriter with
 * `SetBorder(false)`), reproduced as text:
 *
 * ```
 *    NAME  |  APPID  | VERSIONS | ENV | FRAMEWORK | AGE
 * +--------+---------+----------+-----+-----------+-----+
 *   Server | default | 1.0.0    |     |           | 1d
 *          |         | 1.0.1    |     |           |
 * ```
 *
 * - header: upper case, centred, each cell padded by one space, `|` between cells;
 * - a separator line `+---+---+` under the header (one `-` per column character plus two);
 * - rows: cells padded by one space, left aligned, except numbers (right aligned, as
 *   tablewriter's default alignment does);
 * - a cell with newlines takes one line per value; its row grows to the tallest cell;
 * - no border lines above or below; every line ends with the trailing padding.
 *
 * cli-table3 cannot produce this (with custom `chars` it draws its separator between every
 * row or not at all, never under the header alone, and does not centre headers or
 * right-align numbers), hence this formatter.
 * Unlike tablewriter it does not re-wrap cells at 30 characters: multi-valued cells keep one
 * value per line (the commands shorten long cells themselves, as scctl does).
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const titles = header.map(title);
  const cells = rows.map((r) => titles.map((_, i) => (r[i] ?? '').split('\n')));
  const widths = titles.map((h, i) => Math.max(displayWidth(h), ...cells.map((r) => Math.max(...r[i].map(displayWidth)))));
  const last = titles.length - 1;
  const out: string[] = [];
  out.push(' ' + titles.map((h, i) => ` ${center(h, widths[i])} ${i === last ? ' ' : '|'}`).join(''));
  out.push('+' + widths.map((w) => '-'.repeat(w + 2) + '+').join(''));
  for (const row of cells) {
    const height = Math.max(...row.map((c) => c.length));
    for (let x = 0; x < height; x++) {
      const line = row.map((c, y) => `${y === 0 ? ' ' : '|'} ${align(c[x] ?? '', widths[y])} `).join('');
      out.push(line + ' ');
    }
  }
  return out.join('\n') + '\n';
}

/** Rows sorted by the first column (byte order, as Go compares strings), then by the rest for a stable result. */
export function sortRows(rows: readonly (readonly string[])[]): string[][] {
  return rows.map((r) => [...r]).sort((a, b) => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const x = a[i] ?? '';
      const y = b[i] ?? '';
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
}

/** scctl's Reshape: outside `-o wide`, a cell more than 3 characters over `max` is cut to `max` + `...`. */
export function reshape(row: readonly string[], max = 35): string[] {
  return row.map((c) => (c.length - max > 3 ? c.slice(0, max) + '...' : c));
}

/** tablewriter's Title: `_` and (most) `.` become spaces, trimmed, upper case. */
export function title(name: string): string {
  const rs = [...name];
  const numOrSpace = (c: string | undefined) => c !== undefined && /[0-9 ]/.test(c);
  for (let i = 0; i < rs.length; i++) {
    if (rs[i] === '_') rs[i] = ' ';
    else if (rs[i] === '.' && ((i !== 0 && !numOrSpace(rs[i - 1])) || (i !== rs.length - 1 && !numOrSpace(rs[i + 1])))) rs[i] = ' ';
  }
  const t = rs.join('').trim();
  return (t === '' && name.length > 0 ? ' ' : t).toUpperCase();
}

const DECIMAL = /^-?(?:\d{1,3}(?:,\d{3})*|\d+)(?:\.\d+)?$/;

function align(s: string, width: number): string {
  const gap = width - displayWidth(s);
  if (gap <= 0) return s;
  return DECIMAL.test(s.trim()) ? ' '.repeat(gap) + s : s + ' '.repeat(gap);
}

function center(s: string, width: number): string {
  const gap = width - displayWidth(s);
  if (gap <= 0) return s;
  const left = Math.floor(gap / 2);
  return ' '.repeat(left) + s + ' '.repeat(gap - left);
}

/** Terminal width of a text: East Asian wide characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    w += c >= 0x1100 && (c <= 0x115f || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd)) ? 2 : 1;
  }
  return w;
}
