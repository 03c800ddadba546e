import { gunzipSync } from 'node:zlib';
import { CachedAnswer, FindCache } from './find-cache';

const answer = (epoch: string, revision: string, body: string) => new CachedAnswer(epoch, revision, Buffer.from(body));

describe('FindCache', () => {
  test('answers only for the same epoch', () => {
    const c = new FindCache();
    c.set('q', answer('1', 'r', '{}'));
    expect(c.get('q', '1')).toMatchObject({ epoch: '1', revision: 'r', body: Buffer.from('{}') });
    expect(c.get('q', '2')).toBeUndefined();
    expect(c.get('q', '1')).toBeUndefined(); // a stale entry is dropped
  });

  test('keeps at most `max` entries, dropping the oldest', () => {
    const c = new FindCache(2);
    c.set('a', answer('1', 'a', 'a'));
    c.set('b', answer('1', 'b', 'b'));
    c.set('c', answer('1', 'c', 'c'));
    expect(c.size()).toBe(2);
    expect(c.get('a', '1')).toBeUndefined();
    expect(c.get('c', '1')?.body.toString()).toBe('c');
  });
});

describe('CachedAnswer', () => {
  test('its gzip copy is made once and decompresses to the body', () => {
    const body = JSON.stringify({ instances: Array.from({ length: 50 }, (_, i) => ({ instanceId: `i${i}`, hostName: 'h' })) });
    const a = answer('1', 'r', body);
    const gz = a.gzipped();
    expect(gz).toBeDefined();
    expect(a.gzipped()).toBe(gz);
    expect(gunzipSync(gz!).toString('utf8')).toBe(body);
    expect(gz!.length).toBeLessThan(a.body.length);
  });

  test('a small body has no gzip copy', () => {
    expect(answer('1', 'r', '{"instances":[]}').gzipped()).toBeUndefined();
  });
});
