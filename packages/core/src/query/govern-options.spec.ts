import * as E from 'fp-ts/Either';
import { appIdsOf, countOnlyOf, governOptions, matchesGovernFilter, propertyFilterOf } from './govern-options';

const tenant = { domain: 'default', project: 'default' };
const sorted = (s: ReadonlySet<string>) => [...s].sort();

describe('governOptions', () => {
  test.each<[string, string[], boolean, boolean]>([
    ['', [], false, false],
    ['tags', ['tags'], false, false],
    ['tags,instances,schemas,dependencies', ['dependencies', 'instances', 'schemas', 'tags'], false, false],
    ['all', ['dependencies', 'instances', 'schemas', 'tags'], true, false],
    ['all,tags,bogus', ['dependencies', 'instances', 'schemas', 'tags'], true, false],
    ['statistics', [], true, true],
    ['statistics,statistics', [], true, true],
    ['statistics,', [], true, false],
    ['statistics,tags', ['tags'], true, false],
    ['bogus', [], false, false],
    [' tags', [], false, false],
    ['Tags', [], false, false],
  ])('%p: details %p, statistics %p, statistics only %p', (raw, details, statistics, only) => {
    const o = governOptions(raw);
    expect(sorted(o.details)).toEqual(details);
    expect(o.statistics).toBe(statistics);
    expect(o.statisticsOnly).toBe(only);
  });
});

describe('countOnlyOf', () => {
  test.each<[string, boolean]>([
    ['', false],
    ['  ', false],
    ['0', false],
    ['1', true],
  ])('%p -> %p', (raw, want) => expect(countOnlyOf(raw)).toEqual(E.right(want)));

  test.each(['2', 'true', ' 1', '1 ', 'false'])('%p is 400001', (raw) => {
    const r = countOnlyOf(raw);
    expect(E.isLeft(r) && r.left.code).toBe(400001);
  });
});

describe('propertyFilterOf', () => {
  test('k:v, k alone as empty, value keeps later colons, a later key wins', () => {
    expect(propertyFilterOf(['a:1', 'b', 'c:x:y', 'a:2', ':z'])).toEqual({ a: '2', b: '', c: 'x:y', '': 'z' });
    expect(propertyFilterOf([])).toEqual({});
  });
});

describe('matchesGovernFilter', () => {
  const none = { withShared: false, environment: '', appId: '', serviceName: '', properties: {} };
  const cart = { serviceId: 'c', appId: 'shop', serviceName: 'cart', environment: 'production', properties: { team: 'a', pci: '' } };
  const sc = { serviceId: 's', appId: 'default', serviceName: 'SERVICECENTER' };

  test('no filter: everything but Service-Center itself (unless withShared)', () => {
    expect(matchesGovernFilter(tenant, cart, none)).toBe(true);
    expect(matchesGovernFilter(tenant, sc, none)).toBe(false);
    expect(matchesGovernFilter(tenant, sc, { ...none, withShared: true })).toBe(true);
    // Only in default/default is it Service-Center's own.
    expect(matchesGovernFilter({ domain: 'd', project: 'p' }, sc, none)).toBe(true);
  });

  test('exact env, app and name', () => {
    expect(matchesGovernFilter(tenant, cart, { ...none, environment: 'production', appId: 'shop', serviceName: 'cart' })).toBe(true);
    expect(matchesGovernFilter(tenant, cart, { ...none, environment: 'testing' })).toBe(false);
    expect(matchesGovernFilter(tenant, cart, { ...none, appId: 'sho' })).toBe(false);
    expect(matchesGovernFilter(tenant, cart, { ...none, serviceName: 'Cart' })).toBe(false);
  });

  test('every property must be present with its value', () => {
    expect(matchesGovernFilter(tenant, cart, { ...none, properties: { team: 'a', pci: '' } })).toBe(true);
    expect(matchesGovernFilter(tenant, cart, { ...none, properties: { team: 'b' } })).toBe(false);
    expect(matchesGovernFilter(tenant, cart, { ...none, properties: { absent: '' } })).toBe(false);
    expect(matchesGovernFilter(tenant, { ...cart, properties: undefined }, { ...none, properties: { team: 'a' } })).toBe(false);
  });
});

describe('appIdsOf', () => {
  const s = (appId: string, environment?: string, serviceName = 'x') => ({ appId, environment, serviceName });
  test('distinct, sorted, exact environment, Service-Center only with withShared', () => {
    const all = [s('b'), s('a'), s('b', ''), s('p', 'production'), s('default', undefined, 'SERVICECENTER')];
    expect(appIdsOf(tenant, all, '', false)).toEqual(['a', 'b']);
    expect(appIdsOf(tenant, all, '', true)).toEqual(['a', 'b', 'default']);
    expect(appIdsOf(tenant, all, 'production', false)).toEqual(['p']);
    expect(appIdsOf(tenant, [], '', true)).toEqual([]);
  });
});
