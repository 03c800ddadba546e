import type { MicroServiceInstance } from '@service-center/core';
import { InstanceCache, cacheKeyOf } from './instance-cache';

const q = { appId: 'shop', serviceName: 'orders' };
const inst = (id: string): MicroServiceInstance => ({ instanceId: id, serviceId: 's', status: 'UP', endpoints: [`rest://${id}:80`] });

describe('InstanceCache', () => {
  let now = 1000;
  const cache = () => new InstanceCache({ emptyConfirmations: 3, now: () => now });

  test('stores answers with their revision and confirms them on 304', () => {
    const c = cache();
    expect(c.offer(q, [inst('a')], 'r1')).toBe('stored');
    expect(c.get(q)).toMatchObject({ revision: 'r1', confirmedAt: 1000, instances: [inst('a')] });
    now = 2000;
    expect(c.confirm(q, 'r1')).toMatchObject({ revision: 'r1', confirmedAt: 2000 });
  });

  test('empty-list protection: an empty answer keeps the last non-empty one (and its revision) until confirmed', () => {
    const c = cache();
    c.offer(q, [inst('a'), inst('b')], 'r1');
    expect(c.offer(q, [], 'r2')).toBe('protected');
    expect(c.get(q)).toMatchObject({ revision: 'r1', emptyStreak: 1 });
    expect(c.get(q)?.instances).toHaveLength(2);
    expect(c.offer(q, [], 'r2')).toBe('protected');
    expect(c.get(q)?.instances).toHaveLength(2);
    expect(c.offer(q, [], 'r2')).toBe('confirmed-empty');
    expect(c.get(q)).toMatchObject({ instances: [], revision: 'r2', emptyStreak: 0 });
  });

  test('a non-empty answer (or a 304) between empty ones resets the streak', () => {
    const c = cache();
    c.offer(q, [inst('a')], 'r1');
    c.offer(q, [], 'r2');
    c.offer(q, [], 'r2');
    c.confirm(q, 'r1');
    expect(c.offer(q, [], 'r2')).toBe('protected');
    c.offer(q, [inst('c')], 'r3');
    expect(c.offer(q, [], 'r4')).toBe('protected');
    expect(c.get(q)?.instances).toEqual([inst('c')]);
  });

  test('an empty first answer is stored as is; emptyConfirmations 1 turns protection off', () => {
    const c = cache();
    expect(c.offer(q, [], 'r0')).toBe('stored');
    const off = new InstanceCache({ emptyConfirmations: 1 });
    off.offer(q, [inst('a')], 'r1');
    expect(off.offer(q, [], 'r2')).toBe('confirmed-empty');
  });

  test('invalidate marks the selected answers dirty', () => {
    const c = cache();
    const other = { appId: 'shop', serviceName: 'billing' };
    c.offer(q, [inst('a')], 'r1');
    c.offer(other, [inst('b')], 'r1');
    expect(c.invalidate((x) => x.serviceName === 'orders')).toBe(1);
    expect(c.get(q)?.dirty).toBe(true);
    expect(c.get(other)?.dirty).toBe(false);
    c.invalidate();
    expect(c.get(other)?.dirty).toBe(true);
  });

  test('the cache key covers every field that changes the answer', () => {
    expect(cacheKeyOf(q)).not.toBe(cacheKeyOf({ ...q, global: true }));
    expect(cacheKeyOf(q)).not.toBe(cacheKeyOf({ ...q, consumerId: 'c' }));
    expect(cacheKeyOf(q)).toBe(cacheKeyOf({ ...q, global: false }));
  });
});
