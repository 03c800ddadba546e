// Permission decision as SC's server/service/rbac/decision.go, and the list filter of server/response.
import fc from 'fast-check';
import type { Permission } from '../model/rbac';
import { BUILT_IN_PERMS, decide, hasAdminRole, isVisible, wildcardMatch } from './decision';

const shopOnly: Permission[] = [{ resources: [{ type: 'service', labels: { appId: 'shop' } }], verbs: ['get', 'create'] }];

describe('decide', () => {
  test('no permissions at all: 403205', () => {
    expect(decide([], { resource: 'service', verb: 'get' })).toMatchObject({ code: 403205, detail: 'role has no any permissions' });
  });

  test('developer may do anything on services but nothing on accounts', () => {
    const dev = BUILT_IN_PERMS.developer;
    expect(decide(dev, { resource: 'service', verb: 'create' })).toEqual({ kind: 'allowed' });
    expect(decide(dev, { resource: 'ops', verb: 'get' })).toEqual({ kind: 'allowed' });
    expect(decide(dev, { resource: 'account', verb: 'create' })).toMatchObject({
      code: 403205,
      detail: 'role has no permissions[account:create]',
    });
  });

  test('a verb outside the permission is refused; * grants every verb', () => {
    expect(decide(shopOnly, { resource: 'service', verb: 'delete' })).toMatchObject({ code: 403205 });
    expect(decide([{ resources: [{ type: 'ops' }], verbs: ['*'] }], { resource: 'ops', verb: 'delete' })).toEqual({ kind: 'allowed' });
  });

  test('a labelled permission gives its labels, for filtering list answers', () => {
    expect(decide(shopOnly, { resource: 'service', verb: 'get' })).toEqual({ kind: 'allowed', labels: [{ appId: 'shop' }] });
  });

  test('a request naming services is checked against the labels', () => {
    const ok = decide(shopOnly, { resource: 'service', verb: 'create', labels: [{ appId: 'shop', serviceName: 'cart', environment: '' }] });
    expect(ok).toEqual({ kind: 'allowed', labels: [{ appId: 'shop' }] });
    const no = decide(shopOnly, { resource: 'service', verb: 'create', labels: [{ appId: 'bank', serviceName: 'x', environment: '' }] });
    expect(no).toMatchObject({ code: 403205 });
  });

  test('one unlabelled grant wins over labelled ones', () => {
    const perms: Permission[] = [...shopOnly, { resources: [{ type: 'service' }], verbs: ['get'] }];
    expect(decide(perms, { resource: 'service', verb: 'get' })).toEqual({ kind: 'allowed' });
  });

  test('hasAdminRole', () => {
    expect(hasAdminRole(['developer', 'admin'])).toBe(true);
    expect(hasAdminRole(['developer'])).toBe(false);
  });
});

describe('isVisible', () => {
  test('appId, environment exact; serviceName with wildcards', () => {
    expect(isVisible({ appId: 'shop', serviceName: 'cart' }, [{ appId: 'shop' }])).toBe(true);
    expect(isVisible({ appId: 'bank', serviceName: 'cart' }, [{ appId: 'shop' }])).toBe(false);
    expect(isVisible({ appId: 'shop', serviceName: 'cart-v2' }, [{ serviceName: 'cart*' }])).toBe(true);
    expect(isVisible({ appId: 'shop', serviceName: 'cart', environment: 'production' }, [{ environment: 'testing' }])).toBe(false);
    expect(isVisible({ appId: 'bank' }, [{ appId: 'shop' }, { appId: 'bank' }])).toBe(true);
  });

  test('no labels: everything is visible', () => {
    expect(isVisible({ appId: 'x' }, undefined)).toBe(true);
    expect(isVisible({ appId: 'x' }, [])).toBe(true);
  });

  test('property: a filter never keeps a service of another appId', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => isVisible({ appId: a }, [{ appId: b }]) === (a === b)),
    );
  });

  test('property: a pattern without * matches only itself; * matches anything', () => {
    const plain = fc.string().filter((s) => !s.includes('*'));
    fc.assert(fc.property(plain, plain, (p, s) => wildcardMatch(p, s) === (p === s) && wildcardMatch('*', s)));
  });
});
