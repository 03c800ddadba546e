// Property: the admin dump cache survives encode -> JSON -> decode unchanged.
import fc from 'fast-check';
import { decodeJson, decodeWith } from '../codec/decode';
import { DumpCache, DumpResponse } from './dump';
import { dumpCache } from '../__tests__/wire-arbitraries';
import { rightOf } from '../__tests__/wire-helpers';

describe('DumpCache round-trip', () => {
  test('decode(encode(x)) equals x', () => {
    fc.assert(
      fc.property(dumpCache, (c) => {
        expect(rightOf(decodeWith(DumpCache, DumpCache.encode(c)))).toStrictEqual(c);
      }),
      { numRuns: 200 },
    );
  });

  test('a whole dump response survives JSON text', () => {
    fc.assert(
      fc.property(dumpCache, (cache) => {
        const text = JSON.stringify(DumpResponse.encode({ cache }));
        expect(rightOf(decodeJson(DumpResponse, text))).toStrictEqual({ cache });
      }),
      { numRuns: 200 },
    );
  });
});
