import { ShareRule, isShared, shareRuleText, rulesFor, shareFilter, shareScopeId } from './share-rule';
import { decodeWith } from '../codec/decode';
import * as E from 'fp-ts/Either';

const key = (appId: string, serviceName = 'svc', environment = '') => ({ appId, serviceName, environment });

describe('share rules', () => {
  const rules: ShareRule[] = [
    { appId: 'shop' },
    { appId: 'pay', environment: 'production', serviceName: 'ledger' },
    { appId: 'ops', peers: ['sc-b'] },
  ];

  test.each([
    ['sc-b', key('shop'), true],
    ['sc-c', key('shop', 'cart', 'testing'), true],
    ['sc-b', key('pay', 'ledger', 'production'), true],
    ['sc-b', key('pay', 'ledger', ''), false],
    ['sc-b', key('pay', 'card', 'production'), false],
    ['sc-b', key('ops'), true],
    ['sc-c', key('ops'), false],
    ['', key('ops'), false],
    ['sc-b', key('other'), false],
  ])('reader %s, %j -> %s', (reader, k, expected) => {
    expect(isShared(rules, reader, k)).toBe(expected);
    expect(shareFilter(rules, reader)?.(k)).toBe(expected);
  });

  test('no rules share everything, and need no filter', () => {
    expect(isShared([], 'anyone', key('x'))).toBe(true);
    expect(shareFilter([], 'anyone')).toBeUndefined();
    expect(shareScopeId([], 'anyone')).toBe('all');
  });

  test('rulesFor keeps the unbound rules and those naming the reader', () => {
    expect(rulesFor(rules, 'sc-b')).toEqual(rules);
    expect(rulesFor(rules, 'sc-c')).toEqual(rules.slice(0, 2));
  });

  test('the scope id changes with the rules that concern the reader, and only with them', () => {
    const narrowed = rules.filter((r) => r.appId !== 'shop');
    expect(shareScopeId(narrowed, 'sc-b')).not.toBe(shareScopeId(rules, 'sc-b'));
    const withOther = [...rules, { appId: 'extra', peers: ['sc-d'] }];
    expect(shareScopeId(withOther, 'sc-c')).toBe(shareScopeId(rules, 'sc-c'));
    expect(shareScopeId([...rules].reverse(), 'sc-b')).toBe(shareScopeId(rules, 'sc-b'));
    expect(shareScopeId(rules, 'sc-b')).toMatch(/^s[0-9a-f]{8}$/);
  });

  test('rule text', () => {
    expect(rules.map(shareRuleText)).toEqual(['shop', 'pay/production/ledger', 'ops@sc-b']);
    expect(shareRuleText({ appId: 'a', serviceName: 'n' })).toBe('a/*/n');
  });

  test('the codec reads the YAML shape and refuses a rule without appId', () => {
    expect(E.isRight(decodeWith(ShareRule, { appId: 'a', peers: ['x'] }))).toBe(true);
    expect(E.isLeft(decodeWith(ShareRule, { serviceName: 'a' }))).toBe(true);
  });
});
