import fc from 'fast-check';
import { ShareRule, isShared } from './share-rule';

const name = fc.constantFrom('a', 'b', 'c');
const reader = fc.constantFrom('sc-a', 'sc-b', 'sc-c', '');
const rule: fc.Arbitrary<ShareRule> = fc.record(
  { appId: name, environment: fc.constantFrom('', 'prod'), serviceName: name, peers: fc.array(fc.constantFrom('sc-a', 'sc-b', 'sc-c'), { maxLength: 2 }) },
  { requiredKeys: ['appId'] },
);
const rules = fc.array(rule, { maxLength: 5 });
const key = fc.record({ appId: name, environment: fc.constantFrom('', 'prod'), serviceName: name });

describe('share rules: properties', () => {
  test('no rules: every key is shared with every reader (identity)', () => {
    fc.assert(fc.property(reader, key, (r, k) => isShared([], r, k)));
  });

  test('monotone: adding a rule to a non-empty list never withdraws a key', () => {
    fc.assert(
      fc.property(rules.filter((rs) => rs.length > 0), rule, reader, key, (rs, extra, r, k) => !isShared(rs, r, k) || isShared([...rs, extra], r, k)),
    );
  });

  test('a key only a peer-bound rule matches reaches only the peers it names', () => {
    fc.assert(
      fc.property(rule, reader, key, (one, r, k) => {
        const bound = { ...one, peers: one.peers ?? [] };
        return !isShared([bound], r, k) || bound.peers.includes(r);
      }),
    );
  });

  test('order-independent', () => {
    fc.assert(fc.property(rules, reader, key, (rs, r, k) => isShared(rs, r, k) === isShared([...rs].reverse(), r, k)));
  });
});
