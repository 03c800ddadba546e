import fc from 'fast-check';
import { RelayTopology, relayVerdict } from './relay-rule';

const name = fc.constantFrom('sc1', 'sc2', 'sc3', 'sc4', 'sc5', 'sc9');
const topology = fc
  .record({
    self: name,
    direct: fc.uniqueArray(name, { maxLength: 3 }),
    declared: fc.array(fc.tuple(name, fc.uniqueArray(name, { maxLength: 3 })), { maxLength: 3 }),
  })
  .map(
    (r): RelayTopology => ({
      self: r.self,
      direct: new Set(r.direct.filter((d) => d !== r.self)),
      declared: new Map(r.declared.map(([s, relays]) => [s, new Set(relays)])),
    }),
  );

describe('relayVerdict laws', () => {
  test("a sender's own records are always accepted", () => {
    fc.assert(fc.property(topology, name, fc.uniqueArray(name), (t, s, claims) => relayVerdict(t, s, s, claims).accepted));
  });

  test("this server's own name and a direct peer's are never accepted from someone else", () => {
    fc.assert(
      fc.property(topology, name, fc.uniqueArray(name), (t, sender, claims) => {
        for (const origin of [t.self, ...t.direct]) if (origin !== sender && relayVerdict(t, sender, origin, claims).accepted) return false;
        return true;
      }),
    );
  });

  test('an undeclared relayed cluster is accepted from exactly one of its claimants: the first', () => {
    fc.assert(
      fc.property(topology, name, fc.uniqueArray(name, { minLength: 1 }), (t, origin, claimants) => {
        const declared = [...t.declared.values()].some((r) => r.has(origin)) || [...t.declared.values()].some((r) => r.size > 0);
        fc.pre(!declared && origin !== t.self && !t.direct.has(origin) && !claimants.includes(origin));
        const accepted = claimants.filter((s) => relayVerdict(t, s, origin, claimants).accepted);
        return accepted.length === 1 && accepted[0] === claimants[0];
      }),
    );
  });

  test('a declared relay is accepted exactly from the senders that declare it', () => {
    fc.assert(
      fc.property(topology, name, fc.uniqueArray(name, { minLength: 1 }), (t, origin, claimants) => {
        fc.pre(origin !== t.self && !t.direct.has(origin) && [...t.declared.values()].some((r) => r.has(origin)));
        return claimants
          .filter((s) => s !== origin)
          .every((s) => relayVerdict(t, s, origin, claimants).accepted === (t.declared.get(s)?.has(origin) ?? false));
      }),
    );
  });

  test('every refusal says why', () => {
    fc.assert(fc.property(topology, name, name, fc.uniqueArray(name), (t, s, o, claims) => relayVerdict(t, s, o, claims).reason.length > 0));
  });
});
