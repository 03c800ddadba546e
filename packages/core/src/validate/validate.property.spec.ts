// Properties: validation never throws, failures are always 400001 naming a field, and values
// built from the SC rules are accepted.
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import * as Rules from './rules';
import { FieldRule, ObjectRules } from './rule';
import { validateField, validateObject } from './validate';
import { withServiceDefaults } from '../model/micro-service';
import { validVersion } from '../__tests__/wire-arbitraries';

const objectRules: [string, ObjectRules][] = Object.entries(Rules).filter(
  (e): e is [string, ObjectRules] => typeof e[1] === 'object' && e[1] !== null && 'goType' in e[1] && 'fields' in e[1],
);
const fieldRules: [string, FieldRule][] = Object.entries(Rules).filter(
  (e): e is [string, FieldRule] => typeof e[1] === 'object' && e[1] !== null && 'goName' in e[1],
);

/** Every field name any rule set knows, so generated objects hit real rules. */
const knownFields = Array.from(
  new Set(
    objectRules.flatMap(([, r]) => [...r.fields.map((f) => f.field), ...(r.nested ?? []).map((n) => n.field)]).concat(['name', 'n']),
  ),
);

/** A JSON object: arbitrary keys plus known field names holding arbitrary JSON values. */
const jsonObject = fc
  .tuple(
    fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
    fc.dictionary(fc.constantFrom(...knownFields), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }),
  )
  .map(([a, b]) => ({ ...a, ...b }));

describe('validation never throws', () => {
  test('rule sets discovered', () => {
    expect(objectRules.map(([n]) => n)).toEqual(
      expect.arrayContaining(['CreateServiceRules', 'RegisterInstanceRules', 'ExistenceRules', 'FindRules', 'SchemaItemRules']),
    );
    expect(fieldRules.length).toBeGreaterThanOrEqual(8);
  });

  test.each(objectRules)('validateObject(%s, any JSON object) returns Right or a 400001 naming a field', (_name, rules) => {
    fc.assert(
      fc.property(jsonObject, (raw) => {
        // Through JSON text as well, to get exactly what a request body would hold.
        for (const value of [raw, JSON.parse(JSON.stringify(raw)) as Record<string, unknown>]) {
          const r = validateObject(rules, value);
          if (E.isLeft(r)) {
            expect(r.left.code).toBe(400001);
            expect(r.left.detail).toMatch(/^field '[A-Za-z]+\.[A-Za-z]+' invalid value '[\s\S]*' does not match rule: \{[\s\S]*\}$/);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  test('validateField(rule, any JSON value) never throws', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fieldRules.map(([, r]) => r)), fc.jsonValue(), (rule, value) => {
        const r = validateField('T', rule, value);
        expect(E.isRight(r) || r.left.code === 400001).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('valid values are accepted', () => {
  const nameRe = /^[a-zA-Z0-9]([a-zA-Z0-9_.-]{0,20}[a-zA-Z0-9])?$/;

  test('any service assembled from the SC rules validates once defaulted', () => {
    const service = fc.record(
      {
        appId: fc.stringMatching(nameRe),
        serviceName: fc.stringMatching(nameRe),
        version: validVersion,
        level: fc.constantFrom('FRONT', 'MIDDLE', 'BACK', ''),
        status: fc.constantFrom('UP', 'DOWN', ''),
        environment: fc.constantFrom('', 'development', 'testing', 'acceptance', 'production'),
        alias: fc.stringMatching(/^[a-zA-Z0-9_.:-]{0,128}$/),
        schemas: fc.array(fc.stringMatching(/^[a-zA-Z0-9]{1,160}$/), { maxLength: 100 }),
        description: fc.string({ maxLength: 256 }),
      },
      { requiredKeys: ['serviceName'] },
    );
    fc.assert(
      fc.property(service, (s) => {
        expect(validateObject(Rules.CreateServiceRules, withServiceDefaults(s))).toEqual(E.right(undefined));
      }),
    );
  });
});
