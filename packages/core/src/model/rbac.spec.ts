// RBAC wire shapes (cari rbac/account.go, role.go, perm.go; SC datasource/rbac Lock).
import fc from 'fast-check';
import { decodeJson, decodeWith } from '../codec/decode';
import { leftOf, rightOf } from '../__tests__/wire-helpers';
import {
  Account,
  AccountList,
  AccountLockList,
  BatchCreateAccountsResponse,
  Role,
  RoleList,
  SelfPermsResponse,
  TokenRequest,
  TokenResponse,
} from './rbac';

describe('RBAC codecs', () => {
  test("java-chassis' token request decodes (name, password, no expiry)", () => {
    const body = '{"name":"root","password":"Passw0rd!"}';
    expect(rightOf(decodeJson(TokenRequest, body))).toStrictEqual({ name: 'root', password: 'Passw0rd!' });
  });

  test('token answer encodes as {"token": ...}', () => {
    expect(JSON.stringify(TokenResponse.encode({ token: 'a.b.c' }))).toBe('{"token":"a.b.c"}');
  });

  test('an account round-trips; absent fields stay absent (omitempty)', () => {
    const a = { id: '1', name: 'alice', roles: ['developer'], status: 'active', createTime: '1700000000', updateTime: '1700000000' };
    const decoded = rightOf(decodeWith(Account, a));
    expect(decoded).toStrictEqual(a);
    expect(JSON.stringify(Account.encode(decoded))).toBe(JSON.stringify(a));
  });

  test('roles must be strings, naming the field', () => {
    expect(leftOf(decodeWith(Account, { name: 'a', roles: [1] })).detail).toMatch(/^roles\.0: /);
  });

  test('lists: {total, data}', () => {
    const list = { total: 1, data: [{ name: 'alice' }] };
    expect(rightOf(decodeWith(AccountList, list))).toStrictEqual(list);
    const roles = { total: 1, data: [{ name: 'shop', perms: [{ resources: [{ type: 'service', labels: { appId: 'shop' } }], verbs: ['get'] }] }] };
    expect(rightOf(decodeWith(RoleList, roles))).toStrictEqual(roles);
  });

  test('a role without perms and a self-perms answer', () => {
    expect(rightOf(decodeWith(Role, { name: 'empty' }))).toStrictEqual({ name: 'empty' });
    const perms = { perms: [{ resources: [{ type: 'ops' }], verbs: ['get'] }] };
    expect(rightOf(decodeWith(SelfPermsResponse, perms))).toStrictEqual(perms);
  });

  test('batch create answer writes errorCode as a string', () => {
    const out = BatchCreateAccountsResponse.encode({ accounts: [{ name: 'a' }, { name: 'b', errorCode: 409200, errorMessage: 'account name is duplicated' }] });
    expect(JSON.stringify(out)).toBe('{"accounts":[{"name":"a"},{"name":"b","errorCode":"409200","errorMessage":"account name is duplicated"}]}');
  });

  test('account locks: status is attempted or banned', () => {
    const list = { total: 1, data: [{ key: 'alice::127.0.0.1', status: 'banned', releaseAt: 1700000900 }] };
    expect(rightOf(decodeWith(AccountLockList, list))).toStrictEqual(list);
    expect(leftOf(decodeWith(AccountLockList, { total: 1, data: [{ key: 'k', status: 'locked' }] })).detail).toMatch(/^data\.0\.status: /);
  });

  test('property: any account of strings round-trips through JSON', () => {
    const arb = fc.record(
      { id: fc.string(), name: fc.string(), roles: fc.array(fc.string()), status: fc.string(), tokenExpirationTime: fc.string() },
      { requiredKeys: [], noNullPrototype: true },
    );
    fc.assert(
      fc.property(arb, (a) => {
        const back = rightOf(decodeJson(Account, JSON.stringify(Account.encode(rightOf(decodeWith(Account, a))))));
        expect(back).toStrictEqual(a);
      }),
    );
  });
});
