import * as E from 'fp-ts/Either';
import type { DumpCache } from '@service-center/core';
import { decodeDump } from './dump-decoder';
import { decodePeerDump } from './peer-dump';

const conversion = { peerName: 'sc2', skipOrigins: ['sc3'] };

function cacheOf(services: number, perService: number): DumpCache {
  const cache: Required<Pick<DumpCache, 'services' | 'instances' | 'serviceTags'>> = { services: [], instances: [], serviceTags: [] };
  for (let s = 0; s < services; s++) {
    cache.services.push({ key: `/cse-sr/ms/files/default/default/s${s}`, rev: s + 1, value: { serviceName: `svc${s}`, appId: 'app', version: '1.0.0' } });
    cache.serviceTags.push({ key: `/cse-sr/ms/tags/default/default/s${s}`, rev: 1, value: { k: `v${s}` } });
    for (let i = 0; i < perService; i++) {
      // Every third instance was relayed from sc3, which we hear directly: left out.
      const cluster = i % 3 === 0 ? 'sc3' : '';
      cache.instances.push({ key: `/cse-sr/inst/files/default/default/s${s}/i${i}`, rev: i + 1, cluster, value: { hostName: `h${i}`, endpoints: [`rest://10.0.0.${i}:80`] } });
    }
  }
  return cache;
}

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('decodeDump', () => {
  test('in a worker, handed over in slices, it gives what decoding inline gives', async () => {
    const body = bytes({ cache: cacheOf(7, 30), exportScope: 'scope-1' });
    const inline = decodePeerDump(body, conversion);
    const viaWorker = await decodeDump(Buffer.from(body), conversion, { inlineBelow: 0, slice: 7 });
    expect(E.isRight(inline) && inline.right.records.instances.length).toBe(7 * 20);
    expect(viaWorker).toEqual(inline);
    expect(E.isRight(viaWorker) && viaWorker.right.exportScope).toBe('scope-1');
  });

  test('a body that is not JSON, or not a dump, is refused with the reason, from the worker too', async () => {
    for (const inlineBelow of [0, Infinity]) {
      expect(await decodeDump(Buffer.from('{"cache": oops'), conversion, { inlineBelow, slice: 10 })).toEqual(E.left('HTTP 200 with a body that is not JSON'));
      const wrong = await decodeDump(bytes({ cache: { instances: 'many' } }), conversion, { inlineBelow, slice: 10 });
      expect(E.isLeft(wrong) && wrong.left).toMatch(/^unexpected answer: /);
    }
  });

  test('a buffer that shares its memory is copied, not taken from its owner', async () => {
    const body = bytes({ cache: cacheOf(2, 3) });
    const shared = Buffer.concat([Buffer.from('xxxx'), body, Buffer.from('yyyy')]).subarray(4, 4 + body.length);
    const r = await decodeDump(shared, conversion, { inlineBelow: 0, slice: 2 });
    expect(E.isRight(r) && r.right.records.services.length).toBe(2);
    expect(shared.toString('utf8', 0, 9)).toBe('{"cache":');
  });
});
