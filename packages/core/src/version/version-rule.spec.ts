// Version rules (SC's server/service/util/versionrule.go@v1.4.8) and SC's own test evidence (instance_test.go@v1.4.8).
import { VersionRule, matchesVersion, parseFindVersionRule, parseVersionRule, selectVersions } from './version-rule';

const rule = (text: string | undefined): VersionRule => {
  const r = parseVersionRule(text);
  if (!r.ok) throw new Error(`'${text}' should parse: ${r.reason}`);
  return r.rule;
};

describe('parseVersionRule', () => {
  test.each<[string | undefined | null, VersionRule]>([
    [undefined, { kind: 'all' }],
    [null, { kind: 'all' }],
    ['', { kind: 'all' }],
    ['0+', { kind: 'all' }],
    ['0.0.0+', { kind: 'all' }],
    ['0.0.0.0+', { kind: 'all' }],
    ['latest', { kind: 'latest' }],
    ['1.0.0+', { kind: 'atLeast', from: [1, 0, 0, 0] }],
    ['1+', { kind: 'atLeast', from: [1, 0, 0, 0] }],
    ['0.0.1+', { kind: 'atLeast', from: [0, 0, 1, 0] }],
    ['1.0.0-2.0.0', { kind: 'range', from: [1, 0, 0, 0], to: [2, 0, 0, 0] }],
    ['2.0.0-1.0.0', { kind: 'range', from: [1, 0, 0, 0], to: [2, 0, 0, 0] }],
    ['0.0.0-1.0.0', { kind: 'range', from: [0, 0, 0, 0], to: [1, 0, 0, 0] }],
    ['1.0.0', { kind: 'exact', version: [1, 0, 0, 0], text: '1.0.0' }],
    ['32767.32767.32767.32767', { kind: 'exact', version: [32767, 32767, 32767, 32767], text: '32767.32767.32767.32767' }],
  ])('%p -> %p', (text, expected) => {
    expect(parseVersionRule(text)).toEqual({ ok: true, rule: expected });
  });

  test.each([
    'abc',
    'LATEST',
    'latest+',
    '+',
    '-',
    '1.0.0-',
    '-1.0.0',
    '1-2-3',
    '1.0.0+1',
    '1.0.0++',
    '1.32768+',
    '1.1.0.0.0',
    '1.1.0.0.0+',
    '1.a-2',
    '3.32768.0',
  ])('%j is rejected with a reason', (text) => {
    const r = parseVersionRule(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(text);
  });

  test('a non-string is rejected, not thrown', () => {
    expect(parseVersionRule(5 as unknown as string)).toEqual({ ok: false, reason: 'version rule must be a string' });
  });
});

describe('matchesVersion', () => {
  test.each<[string, string, boolean]>([
    ['1.0.0+', '1.0.0', true],
    ['1.0.0+', '0.9.9', false],
    ['1.0.0+', '32767', true],
    ['1.0.0-2.0.0', '1.0.0', true],
    ['1.0.0-2.0.0', '1.99.99', true],
    ['1.0.0-2.0.0', '2.0.0', false],
    ['1.0.0-2.0.0', '2.0', false],
    ['1.0.0-2.0.0', '0.9', false],
    ['2.0.0-1.0.0', '1.5.0', true],
    ['1.0.0-1.0.0', '1.0.0', false],
    ['1.0.0', '1.0.0', true],
    ['1.0.0', '1.0.1', false],
    // Exact versions are looked up by their index key, i.e. by text.
    ['1.0', '1.0.0', false],
    ['latest', '1.0.0', true],
    ['0+', 'not-a-version', true],
    ['1.0.0+', 'not-a-version', false],
  ])('%j matches %j: %p', (r, v, expected) => {
    expect(matchesVersion(rule(r), v)).toBe(expected);
  });
});

describe('selectVersions: SC test evidence, providers 1.0.0 and 1.0.1', () => {
  const providers = ['1.0.0', '1.0.1'];

  test.each<[string, string[]]>([
    ['latest', ['1.0.1']],
    ['1.0.0+', ['1.0.1', '1.0.0']],
    ['1.0.0-1.0.1', ['1.0.0']],
    ['0.0.0', []],
    ['3.0.0+', []],
    ['2.0.0-2.0.1', []],
    ['2.0.0', []],
    ['0+', ['1.0.1', '1.0.0']],
    ['0.0.0+', ['1.0.1', '1.0.0']],
    ['', ['1.0.1', '1.0.0']],
  ])('%j selects %p (newest first)', (r, expected) => {
    expect(selectVersions(rule(r), providers)).toEqual(expected);
  });

  test('latest and 1.0.0+ both put the 1.0.1 instance first', () => {
    expect(selectVersions(rule('latest'), providers)[0]).toBe('1.0.1');
    expect(selectVersions(rule('1.0.0+'), providers)[0]).toBe('1.0.1');
  });
});

describe('selectVersions', () => {
  test('sorts newest first and removes duplicates', () => {
    expect(selectVersions(rule('0+'), ['1.0', '2.0', '1.10', '1.0', '1.9'])).toEqual(['2.0', '1.10', '1.9', '1.0']);
  });

  test('latest keeps every text of the top version', () => {
    expect(selectVersions(rule('latest'), ['1.0', '1.0.0', '0.9'])).toEqual(['1.0.0', '1.0']);
  });

  test('latest ignores unparsable texts and is empty for none', () => {
    expect(selectVersions(rule('latest'), ['zzz', '0.1'])).toEqual(['0.1']);
    expect(selectVersions(rule('latest'), [])).toEqual([]);
    expect(selectVersions(rule('latest'), ['junk'])).toEqual([]);
  });

  test('range over several versions', () => {
    expect(selectVersions(rule('1.1-2.1'), ['1.0', '1.1', '1.5', '2.0', '2.1', '3'])).toEqual(['2.0', '1.5', '1.1']);
  });

  test('does not mutate its input', () => {
    const versions = ['1.0.0', '2.0.0'];
    selectVersions(rule('latest'), versions);
    expect(versions).toEqual(['1.0.0', '2.0.0']);
  });
});

describe('parseFindVersionRule (Service-Center 2.0 reading of find)', () => {
  it('decodes a rule once: go-chassis sends the escaped text 0%2B, meaning 0+', () => {
    expect(parseFindVersionRule('0%2B')).toEqual({ ok: true, rule: { kind: 'all' } });
    expect(parseFindVersionRule('1.0.0%2B')).toMatchObject({ ok: true, rule: { kind: 'atLeast' } });
    expect(parseFindVersionRule('latest')).toEqual({ ok: true, rule: { kind: 'latest' } });
  });
  it('decodes only once, and keeps text that is no escape', () => {
    expect(parseFindVersionRule('0%252B').ok).toBe(false);
    expect(parseFindVersionRule('1.0%').ok).toBe(false);
    expect(parseFindVersionRule('')).toEqual({ ok: true, rule: { kind: 'all' } });
  });
});
