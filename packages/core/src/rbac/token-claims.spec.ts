import * as E from 'fp-ts/Either';
import { unverifiedClaims } from './token-claims';

const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('unverifiedClaims', () => {
  test("reads Service-Center's account, roles and exp", () => {
    const token = `${part({ alg: 'RS512', typ: 'JWT' })}.${part({ account: 'root', roles: ['admin'], exp: 1_900_000_000 })}.c2ln`;
    expect(unverifiedClaims(token)).toEqual(E.right({ account: 'root', roles: ['admin'], exp: 1_900_000_000 }));
  });

  test.each([
    ['abc', /three dot-separated parts/],
    ['a.!!!.c', /not base64url JSON/],
    [`a.${part({ exp: 'tomorrow' })}.c`, /unexpected JWT claims/],
  ])('%s is refused', (token, reason) => {
    const r = unverifiedClaims(token);
    expect(E.isLeft(r) && r.left).toMatch(reason);
  });
});
