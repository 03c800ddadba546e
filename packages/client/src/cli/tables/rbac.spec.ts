import { accountRecords, accountTable, permText, roleRecords, roleTable } from './rbac';

const NOW = Date.UTC(2026, 0, 10);
const secs = (ms: number) => String(Math.floor(ms / 1000));
const lines = (...l: string[]) => l.join('\n') + '\n';

describe('account and role tables', () => {
  const accounts = accountRecords([
    { name: 'root', roles: ['admin'], status: 'active', createTime: secs(NOW - 3 * 86_400_000), id: 'a1' },
    { name: 'dev', roles: ['developer', 'viewer'], createTime: secs(NOW - 2 * 3_600_000), updateTime: secs(NOW - 60_000), tokenExpirationTime: '30m', id: 'a2' },
  ]);

  test('NAME | ROLES | STATUS | CREATED, sorted, one role per line', () => {
    expect(accountTable(accounts, false, NOW)).toBe(
      lines(
        '  NAME |   ROLES   | STATUS | CREATED  ',
        '+------+-----------+--------+---------+',
        '  dev  | developer |        | 2h       ',
        '       | viewer    |        |          ',
        '  root | admin     | active | 3d       ',
      ),
    );
  });

  test('-o wide adds ID, TOKEN EXPIRATION and UPDATED', () => {
    expect(accountTable(accounts, true, NOW).split('\n')[0]).toBe(
      '  NAME |   ROLES   | STATUS | CREATED | ID | TOKEN EXPIRATION | UPDATED  ',
    );
    expect(accountTable(accounts, true, NOW).split('\n')[2]).toBe('  dev  | developer |        | 2h      | a2 | 30m              | 1m       ');
  });

  test('NAME | PERMS | CREATED: one permission per line, labels after their resource', () => {
    const roles = roleRecords([
      { name: 'admin', perms: [{ resources: [{ type: '*' }], verbs: ['*'] }] },
      {
        name: 'shop-reader',
        createTime: secs(NOW - 5_000),
        perms: [
          { resources: [{ type: 'service', labels: { appId: 'shop' } }, { type: 'service/schema' }], verbs: ['get'] },
          { resources: [{ type: 'ops' }], verbs: ['get', 'update'] },
        ],
      },
    ]);
    expect(roleTable(roles, false, NOW)).toBe(
      lines(
        '     NAME     |                  PERMS                  | CREATED  ',
        '+-------------+-----------------------------------------+---------+',
        '  admin       | *: *                                    |          ',
        '  shop-reader | service{appId=shop},service/schema: get | 5s       ',
        '              | ops: get,update                         |          ',
      ),
    );
    expect(permText({ verbs: ['get'] })).toBe(': get');
  });
});
