import fc from 'fast-check';
import { FailoverCandidate, FailoverPolicy, requiredHealthy, selectFailover } from './failover';

type Item = Readonly<{ id: string }>;

const CLUSTERS = ['c1', 'c2', 'c3', 'c4'];

const candidateArb = (origins: readonly string[], prefix: string): fc.Arbitrary<FailoverCandidate<Item>[]> =>
  fc
    .array(
      fc.record({
        origin: fc.constantFrom(...origins),
        up: fc.boolean(),
        stale: fc.boolean(),
        demoted: fc.boolean(),
      }),
      { maxLength: 12 },
    )
    // demoted implies stale, as the merged view flags them
    .map((cs) => cs.map((c, n) => ({ ...c, demoted: c.stale && c.demoted, item: { id: `${prefix}${n}` } })));

const localArb = candidateArb(['here'], 'l').map((cs) => cs.map((c) => ({ ...c, stale: false, demoted: false })));
const remoteArb = candidateArb(CLUSTERS, 'r');

const policyArb: fc.Arbitrary<FailoverPolicy> = fc.record({
  mode: fc.constantFrom('off' as const, 'local-first' as const),
  minHealthy: fc.oneof(
    fc.integer({ min: 0, max: 6 }).map((count) => ({ kind: 'count' as const, count })),
    fc.integer({ min: 1, max: 100 }).map((percent) => ({ kind: 'share' as const, percent })),
  ),
  order: fc.oneof(fc.constant([] as string[]), fc.shuffledSubarray(CLUSTERS, { minLength: 1 })),
  spill: fc.constantFrom('ordered' as const, 'all' as const),
});

const healthy = (cs: readonly FailoverCandidate<Item>[]) => cs.filter((c) => c.up && !c.stale).length;

describe('selectFailover (laws)', () => {
  test('off is the identity', () => {
    fc.assert(
      fc.property(localArb, remoteArb, policyArb, (local, remote, p) => {
        const s = selectFailover(local, remote, { ...p, mode: 'off' });
        expect(s.served).toEqual(local.map((c) => c.item));
        expect(s.added).toEqual([]);
      }),
    );
  });

  test('every local instance is served, first and in order', () => {
    fc.assert(
      fc.property(localArb, remoteArb, policyArb, (local, remote, p) => {
        const s = selectFailover(local, remote, p);
        expect(s.served.slice(0, local.length)).toEqual(local.map((c) => c.item));
        expect(s.served.length).toBe(local.length + s.added.length);
      }),
    );
  });

  test('remote instances only while the local cluster is below the minimum, and only UP ones', () => {
    fc.assert(
      fc.property(localArb, remoteArb, policyArb, (local, remote, p) => {
        const s = selectFailover(local, remote, p);
        if (healthy(local) >= requiredHealthy(p.minHealthy, local.length + remote.length)) expect(s.added).toEqual([]);
        expect(s.added.every((c) => c.up)).toBe(true);
      }),
    );
  });

  test('ordered spill adds a cluster only while still below the minimum; whole clusters at a time', () => {
    fc.assert(
      fc.property(localArb, remoteArb, policyArb, (local, remote, p) => {
        const s = selectFailover(local, remote, { ...p, mode: 'local-first', spill: 'ordered' });
        let count = healthy(local);
        for (const cluster of s.clusters) {
          expect(count).toBeLessThan(s.required);
          count += s.added.filter((c) => c.origin === cluster).length;
        }
      }),
    );
  });

  test('clusters are taken in the policy order (by name without one), never outside it', () => {
    fc.assert(
      fc.property(localArb, remoteArb, policyArb, (local, remote, p) => {
        const s = selectFailover(local, remote, { ...p, mode: 'local-first' });
        const order = p.order.length > 0 ? p.order : [...CLUSTERS].sort();
        const positions = s.clusters.map((c) => order.indexOf(c));
        expect(positions.every((x) => x >= 0)).toBe(true);
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        const rank = (c: FailoverCandidate<Item>) => order.indexOf(c.origin);
        // within a freshness tier, added instances follow the cluster order
        for (const tier of [false, true]) {
          const ranks = s.added.filter((c) => c.stale === tier).map(rank);
          expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        }
      }),
    );
  });

  test('stale instances only when nothing fresh is served; demoted ones last', () => {
    fc.assert(
      fc.property(localArb, remoteArb, policyArb, (local, remote, p) => {
        const s = selectFailover(local, remote, { ...p, mode: 'local-first' });
        const fresh = s.added.filter((c) => !c.stale);
        if (s.added.some((c) => c.stale)) {
          expect(healthy(local)).toBe(0);
          expect(fresh).toEqual([]);
        }
        if (s.added.some((c) => c.demoted)) expect(s.added.every((c) => c.demoted)).toBe(true);
      }),
    );
  });

  test('spill all adds every UP fresh instance of the eligible clusters when below the minimum', () => {
    fc.assert(
      fc.property(localArb, remoteArb, policyArb, (local, remote, p) => {
        const s = selectFailover(local, remote, { ...p, mode: 'local-first', spill: 'all' });
        if (s.healthyLocal >= s.required) return;
        const eligible = remote.filter((c) => c.up && !c.stale && (p.order.length === 0 || p.order.includes(c.origin)));
        expect(s.added.filter((c) => !c.stale).length).toBe(eligible.length);
      }),
    );
  });
});
