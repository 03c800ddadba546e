// The rule engine: SC's pkg/validate/rule.go semantics and Rule.String() text.
import { FieldKind, Rule, VERSION_REGEXP_TEXT, goValueText, invalidValueText, ruleText, satisfies } from './rule';

describe('ruleText prints SC Rule.String()', () => {
  test.each<[string, Rule, string]>([
    ['min, max and regexp', { min: 1, max: 160, regexp: /^[a-z]*$/ }, '{Min: 1, Max: 160, Regexp: ^[a-z]*$}'],
    ['max only', { max: 256 }, '{Max: 256}'],
    ['min 0 is not printed', { min: 0, max: 64 }, '{Max: 64}'],
    ['regexp only', { regexp: /\S+/ }, '{Regexp: \\S+}'],
    ['version rule', { max: 64, version: true }, '{Max: 64, Regexp: ^\\d+(\\.\\d+){0,3}$}'],
    ['no constraint', {}, '{}'],
  ])('%s', (_label, rule, text) => {
    expect(ruleText(rule)).toBe(text);
  });

  test('the version regexp text is the non-fuzzy SC one', () => {
    expect(VERSION_REGEXP_TEXT).toBe(String.raw`^\d+(\.\d+){0,3}$`);
  });
});

describe('satisfies: strings', () => {
  test('Min counts bytes, Max counts runes', () => {
    // '中' is one rune of three UTF-8 bytes.
    expect(satisfies('string', '中', { min: 3 })).toBe(true);
    expect(satisfies('string', '中', { min: 4 })).toBe(false);
    expect(satisfies('string', '中中', { max: 2 })).toBe(true);
    expect(satisfies('string', '中中中', { max: 2 })).toBe(false);
  });

  test('an astral character is one rune', () => {
    expect(satisfies('string', '😀', { max: 1 })).toBe(true);
    expect(satisfies('string', '😀😀', { max: 1 })).toBe(false);
  });

  test('an absent string is the empty string', () => {
    expect(satisfies('string', undefined, { min: 1 })).toBe(false);
    expect(satisfies('string', undefined, { regexp: /^a*$/ })).toBe(true);
  });

  test('version rule', () => {
    expect(satisfies('string', '1.0.0', { version: true })).toBe(true);
    expect(satisfies('string', '1.0.0+', { version: true })).toBe(false);
  });
});

describe('satisfies: ints (Min always applies, so 0 is the floor)', () => {
  test.each<[number | undefined, Rule, boolean]>([
    [0, { max: 10 }, true],
    [-1, { max: 10 }, false],
    [10, { max: 10 }, true],
    [11, { max: 10 }, false],
    [0, { min: 1 }, false],
    [undefined, { min: 1 }, false],
    [undefined, {}, true],
  ])('%p with %p -> %p', (n, rule, ok) => {
    expect(satisfies('int', n, rule)).toBe(ok);
  });
});

describe('satisfies: arrays and maps', () => {
  test('array length bounds and per-element regexp', () => {
    expect(satisfies('array', [], { min: 1 })).toBe(false);
    expect(satisfies('array', ['a', 'b'], { max: 1 })).toBe(false);
    expect(satisfies('array', ['a', 'b'], { regexp: /^[a-z]$/ })).toBe(true);
    expect(satisfies('array', ['a', 'B'], { regexp: /^[a-z]$/ })).toBe(false);
    expect(satisfies('array', undefined, { regexp: /^x$/ })).toBe(true);
  });

  test('a non-string element counts as the empty string', () => {
    expect(satisfies('array', [5], { regexp: /\S+/ })).toBe(false);
    expect(satisfies('array', [5], { regexp: /^$/ })).toBe(true);
  });

  test('map: the regexp applies to every key and every value', () => {
    expect(satisfies('map', { a: 'b' }, { regexp: /^[a-z]+$/ })).toBe(true);
    expect(satisfies('map', { a: 'B' }, { regexp: /^[a-z]+$/ })).toBe(false);
    expect(satisfies('map', { A: 'b' }, { regexp: /^[a-z]+$/ })).toBe(false);
    expect(satisfies('map', { a: 'b', c: 'd' }, { max: 1 })).toBe(false);
    expect(satisfies('map', undefined, { max: 1 })).toBe(true);
  });
});

describe("goValueText is Go's %v", () => {
  test.each<[FieldKind, unknown, string]>([
    ['string', 'x y', 'x y'],
    ['string', undefined, ''],
    ['int', -1, '-1'],
    ['int', undefined, '0'],
    ['array', ['a', 'b'], '[a b]'],
    ['array', undefined, '[]'],
    ['map', { b: '2', a: '1' }, 'map[a:1 b:2]'],
    ['map', undefined, 'map[]'],
  ])('%s %p -> %p', (kind, value, text) => {
    expect(goValueText(kind, value)).toBe(text);
  });
});

describe('invalidValueText: the value SC Rule.Match reports', () => {
  test('array of acceptable length: the first offending element', () => {
    expect(invalidValueText('array', ['ok', '', 'also bad '], { regexp: /^\S+$/ })).toBe('');
  });

  test('array too long: the whole array', () => {
    expect(invalidValueText('array', ['a', 'b'], { max: 1, regexp: /^a$/ })).toBe('[a b]');
  });

  test('map: offending key before its value, keys in sorted order', () => {
    expect(invalidValueText('map', { z: 'ok', b: 'ok', a: '1' }, { regexp: /^[a-z]+$/ })).toBe('1');
    expect(invalidValueText('map', { b: 'ok', B: 'x' }, { regexp: /^[a-z]+$/ })).toBe('B');
  });

  test('map too large: the whole map', () => {
    expect(invalidValueText('map', { a: 'x', b: 'y' }, { max: 1 })).toBe('map[a:x b:y]');
  });

  test('strings and ints: the value itself', () => {
    expect(invalidValueText('string', 'x', { min: 2 })).toBe('x');
    expect(invalidValueText('int', 70000, { max: 65535 })).toBe('70000');
  });
});
