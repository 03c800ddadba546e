// The SC error code table (cari: discovery/error.go) and code -> HTTP status.
import { SC_MESSAGES, ScCode, ScCodes, httpStatusOf, isScCode } from './codes';

/** The codes SC v2.2.0 uses (rules-only and 1.x-only codes left out). */
const SPEC_TABLE: [ScCode, number, string][] = [
  [400001, 400, 'Invalid parameter(s)'],
  [400002, 400, 'Server is Unhealthy'],
  [400010, 400, 'Micro-service already exists'],
  [400012, 400, 'Micro-service does not exist'],
  [400013, 400, 'Micro-service has deployed instance(s)'],
  [400014, 400, 'Undefined schema id'],
  [400015, 400, 'Not allowed to modify schema'],
  [400016, 400, 'Schema does not exist'],
  [400017, 400, 'Instance does not exist'],
  [400018, 400, 'Tag does not exist'],
  [400023, 400, 'Consumer(s) depends on this micro-service'],
  [400024, 400, 'Access micro-service refused'],
  [400025, 400, 'Endpoint is already belong to other service'],
  [400026, 400, 'Micro-service version does not exist'],
  [400100, 400, 'Not enough quota'],
  [400200, 400, 'Account not exists'],
  [400201, 400, 'Role not exists'],
  [400202, 400, 'Account has invalid role(s)'],
  [400205, 400, 'Role is bound to some user(s)'],
  [400206, 400, 'New password is bad'],
  [401201, 401, 'Request unauthorized'],
  [401202, 401, 'User name or password is wrong'],
  [401204, 401, 'No authorization header'],
  [401205, 401, 'Token is expired'],
  [401206, 401, 'The account that owns the token is deleted'],
  [401207, 401, 'Password is wrong'],
  [403001, 403, 'Forbidden'],
  [403201, 403, 'Account blocked'],
  [403202, 403, 'Forbid to operate build-in account(s)'],
  [403203, 403, 'Forbid to operate build-in role(s)'],
  [403204, 403, 'Forbid to operate your own account'],
  [403205, 403, 'No permission(s)'],
  [409200, 409, 'account name is duplicated'],
  [409201, 409, 'role name is duplicated'],
  [500003, 500, 'Internal server error'],
  [500011, 500, 'Registry service is unavailable'],
  [500101, 500, 'Quota service is unavailable'],
];

describe('SC_MESSAGES', () => {
  test.each(SPEC_TABLE)('%d -> HTTP %d, %j', (code, status, message) => {
    expect(SC_MESSAGES[code]).toBe(message);
    expect(httpStatusOf(code)).toBe(status);
    expect(isScCode(code)).toBe(true);
  });

  test('every code in the table maps to its own hundred (4xx/5xx) status', () => {
    for (const key of Object.keys(SC_MESSAGES)) {
      const code = Number(key);
      expect(httpStatusOf(code)).toBe(Number(key.slice(0, 3)));
      expect(httpStatusOf(code)).toBeGreaterThanOrEqual(400);
      expect(httpStatusOf(code)).toBeLessThan(600);
    }
  });
});

describe('ScCodes', () => {
  test('names the codes of the table', () => {
    expect(ScCodes.InvalidParams).toBe(400001);
    expect(ScCodes.ServiceNotExists).toBe(400012);
    expect(ScCodes.InstanceNotExists).toBe(400017);
    expect(ScCodes.ServiceVersionNotExists).toBe(400026);
    expect(ScCodes.NotEnoughQuota).toBe(400100);
    expect(ScCodes.Forbidden).toBe(403001);
    expect(ScCodes.Internal).toBe(500003);
    expect(ScCodes.Unavailable).toBe(500011);
  });

  test('every named code has a message, and names are unique per code', () => {
    const values = Object.values(ScCodes);
    for (const code of values) expect(isScCode(code)).toBe(true);
    expect(new Set(values).size).toBe(values.length);
  });
});

describe('httpStatusOf / isScCode', () => {
  test.each([
    [400001, 400],
    [403001, 403],
    [500003, 500],
    [404001, 404],
    [405001, 405],
    [413001, 413],
    [400999, 400],
  ])('httpStatusOf(%d) = %d (code / 1000, rounded down)', (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
  });

  test.each([0, 400, 400000, 400003, 401002, 400001.5, -400001, NaN])('isScCode(%p) is false', (n) => {
    expect(isScCode(n)).toBe(false);
  });
});
