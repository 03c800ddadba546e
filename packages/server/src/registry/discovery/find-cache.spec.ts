import { FindCache } from './find-cache';

describe('FindCache', () => {
  test('answers only for the same epoch', () => {
    const c = new FindCache();
    c.set('q', { epoch: '1', revision: 'r', body: '{}' });
    expect(c.get('q', '1')).toEqual({ epoch: '1', revision: 'r', body: '{}' });
    expect(c.get('q', '2')).toBeUndefined();
    expect(c.get('q', '1')).toBeUndefined(); // a stale entry is dropped
  });

  test('keeps at most `max` entries, dropping the oldest', () => {
    const c = new FindCache(2);
    c.set('a', { epoch: '1', revision: 'a', body: 'a' });
    c.set('b', { epoch: '1', revision: 'b', body: 'b' });
    c.set('c', { epoch: '1', revision: 'c', body: 'c' });
    expect(c.size()).toBe(2);
    expect(c.get('a', '1')).toBeUndefined();
    expect(c.get('c', '1')?.body).toBe('c');
  });
});
