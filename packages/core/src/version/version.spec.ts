// Versions (SC's pkg/validate/version_func.go): 1-4 int16 segments, compared numerically.
import { Version, compareParsed, compareVersions, isValidVersion, parseVersion } from './version';

describe('parseVersion', () => {
  test.each<[string, Version]>([
    ['0', [0, 0, 0, 0]],
    ['1', [1, 0, 0, 0]],
    ['1.2', [1, 2, 0, 0]],
    ['1.2.3', [1, 2, 3, 0]],
    ['1.2.3.4', [1, 2, 3, 4]],
    ['0.0.1', [0, 0, 1, 0]],
    ['32767.32767.32767.32767', [32767, 32767, 32767, 32767]],
    ['01.002.0003', [1, 2, 3, 0]],
  ])('%j -> %p', (text, v) => {
    expect(parseVersion(text)).toEqual(v);
    expect(isValidVersion(text)).toBe(true);
  });

  test.each([
    '',
    '1.',
    '.1',
    '1..0',
    '1.a.0',
    '1.32768.0',
    '32768',
    '1.1.0.0.0',
    '-1',
    '1.0.0-',
    '1.0.0+',
    'latest',
    ' 1.0',
    '1.0 ',
    '1e3',
    '0x10',
    '1,0',
    '١.٢',
    '99999999999999999999',
  ])('%j is not a version', (text) => {
    expect(parseVersion(text)).toBeUndefined();
    expect(isValidVersion(text)).toBe(false);
  });

  test('a non-string never throws', () => {
    expect(parseVersion(undefined as unknown as string)).toBeUndefined();
    expect(parseVersion(1 as unknown as string)).toBeUndefined();
  });
});

describe('compareParsed', () => {
  test.each<[Version, Version, number]>([
    [[1, 0, 0, 0], [1, 0, 0, 0], 0],
    [[1, 0, 0, 0], [1, 0, 0, 1], -1],
    [[2, 0, 0, 0], [1, 9, 9, 9], 1],
    [[0, 10, 0, 0], [0, 9, 0, 0], 1],
  ])('%p vs %p -> %d', (a, b, c) => {
    expect(compareParsed(a, b)).toBe(c);
  });
});

describe('compareVersions', () => {
  test.each<[string, string, number]>([
    ['1.0.0', '1.0.1', -1],
    ['1.10', '1.9', 1],
    ['2', '1.32767', 1],
    ['1.0.0.1', '1.0.0', 1],
    ['0.0.1', '0.0.1', 0],
    // Numerically equal texts are ordered by their text, so only equal strings compare 0.
    ['1.0', '1.0.0', -1],
    ['01.0', '1.0', -1],
    // Unparsable texts rank below every version, and among themselves by text.
    ['abc', '0', -1],
    ['1.0.0', 'latest', 1],
    ['a', 'b', -1],
    ['', '', 0],
  ])('%j vs %j -> %d', (a, b, c) => {
    expect(compareVersions(a, b)).toBe(c);
    expect(compareVersions(b, a)).toBe(c === 0 ? 0 : -c);
  });

  test('sorts SC versions numerically, not lexically', () => {
    expect(['1.10.0', '1.2.0', '1.9.1', '0.0.1', '10.0'].sort(compareVersions)).toEqual(['0.0.1', '1.2.0', '1.9.1', '1.10.0', '10.0']);
  });
});
