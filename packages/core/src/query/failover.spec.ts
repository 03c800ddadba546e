import * as E from 'fp-ts/Either';
import { FailoverCandidate, FailoverPolicy, parseMinHealthy, requiredHealthy, selectFailover } from './failover';

const c = (id: string, origin: string, flags: Partial<Omit<FailoverCandidate<string>, 'item' | 'origin'>> = {}): FailoverCandidate<string> => ({
  item: id,
  origin,
  up: true,
  stale: false,
  demoted: false,
  ...flags,
});

const policy = (p: Partial<FailoverPolicy> = {}): FailoverPolicy => ({
  mode: 'local-first',
  minHealthy: { kind: 'count', count: 1 },
  order: [],
  spill: 'ordered',
  ...p,
});

describe('parseMinHealthy', () => {
  test.each([
    ['2', { kind: 'count', count: 2 }],
    [3, { kind: 'count', count: 3 }],
    ['30%', { kind: 'share', percent: 30 }],
    [' 12.5% ', { kind: 'share', percent: 12.5 }],
  ])('%p', (text, want) => expect(parseMinHealthy(text)).toEqual(E.right(want)));

  test.each(['-1', '0%', '101%', 'abc', '1.5', ''])('refuses %p', (text) => expect(E.isLeft(parseMinHealthy(text))).toBe(true));

  test('a share is rounded up over every instance of the service', () => {
    expect(requiredHealthy({ kind: 'share', percent: 30 }, 10)).toBe(3);
    expect(requiredHealthy({ kind: 'share', percent: 30 }, 11)).toBe(4);
  });
});

describe('selectFailover', () => {
  const remote = [c('b1', 'b'), c('b2', 'b'), c('a1', 'a'), c('c1', 'c', { stale: true })];

  test('one UP local instance is enough by default', () => {
    expect(selectFailover([c('l1', 'here')], remote, policy()).served).toEqual(['l1']);
  });

  test('no local instance UP: the first cluster by name', () => {
    const s = selectFailover([c('l1', 'here', { up: false })], remote, policy());
    expect(s.served).toEqual(['l1', 'a1']);
    expect(s.clusters).toEqual(['a']);
  });

  test('the configured order, whole clusters until the minimum is met', () => {
    const s = selectFailover([c('l1', 'here')], remote, policy({ minHealthy: { kind: 'count', count: 3 }, order: ['b', 'a'] }));
    expect(s.served).toEqual(['l1', 'b1', 'b2']);
    const more = selectFailover([c('l1', 'here')], remote, policy({ minHealthy: { kind: 'count', count: 4 }, order: ['b', 'a'] }));
    expect(more.served).toEqual(['l1', 'b1', 'b2', 'a1']);
  });

  test('spill all takes every eligible cluster at once', () => {
    expect(selectFailover([], remote, policy({ spill: 'all', order: ['b', 'a'] })).served).toEqual(['b1', 'b2', 'a1']);
  });

  test('stale instances only when nothing fresh exists, demoted last', () => {
    expect(selectFailover([], [c('c1', 'c', { stale: true }), c('a1', 'a', { up: false })], policy()).served).toEqual(['c1']);
    const d = [c('c1', 'c', { stale: true, demoted: true }), c('b1', 'b', { stale: true })];
    expect(selectFailover([], d, policy()).served).toEqual(['b1']);
    expect(selectFailover([], [d[0]], policy()).served).toEqual(['c1']);
  });
});
