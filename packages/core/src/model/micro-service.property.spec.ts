// Property: MicroService survives encode -> JSON -> decode unchanged.
import fc from 'fast-check';
import { decodeJson, decodeWith } from '../codec/decode';
import { MicroService, withServiceDefaults } from './micro-service';
import { microService } from '../__tests__/wire-arbitraries';
import { rightOf } from '../__tests__/wire-helpers';

describe('MicroService round-trip', () => {
  test('decode(encode(x)) equals x', () => {
    fc.assert(
      fc.property(microService, (s) => {
        expect(rightOf(decodeWith(MicroService, MicroService.encode(s)))).toStrictEqual(s);
      }),
    );
  });

  test('decodeJson(JSON.stringify(encode(x))) equals x', () => {
    fc.assert(
      fc.property(microService, (s) => {
        expect(rightOf(decodeJson(MicroService, JSON.stringify(MicroService.encode(s))))).toStrictEqual(s);
      }),
    );
  });

  test('unknown extra fields never change the decoded value', () => {
    fc.assert(
      fc.property(microService, fc.dictionary(fc.string().map((k) => `x-${k}`), fc.jsonValue(), { maxKeys: 3 }), (s, extra) => {
        expect(rightOf(decodeWith(MicroService, { ...extra, ...MicroService.encode(s) }))).toStrictEqual(s);
      }),
    );
  });

  test('withServiceDefaults is idempotent and never leaves a default field empty', () => {
    fc.assert(
      fc.property(microService, (s) => {
        const d = withServiceDefaults(s);
        expect(withServiceDefaults(d)).toStrictEqual(d);
        for (const k of ['appId', 'version', 'level', 'status'] as const) expect(d[k]).toBeTruthy();
      }),
    );
  });
});
