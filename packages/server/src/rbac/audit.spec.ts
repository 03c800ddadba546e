// Audit lines: who (account), what, from where, for account and role changes and admin actions.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { DEFAULT_CONFIG } from '../config/schema';
import { startServer } from '../server';
import { call } from '../__tests__/services-client';

test('account and role changes, dump, alarm clear and quarantine release leave audit lines', async () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim() !== '') lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-audit-'));
  const server = await startServer(
    { ...DEFAULT_CONFIG, port: 0, dataDir, rbacEnabled: true, rbacInitRootPassword: 'Root_Pass1' },
    { log: pino({ level: 'info' }, sink) },
  );
  const test = { ...server, dataDir, stop: () => server.close() };
  try {
    const login = await call(test, 'POST', '/v4/token', { body: { name: 'root', password: 'Root_Pass1' } });
    const root = { headers: { Authorization: `Bearer ${(login.json as { token: string }).token}` } };
    await call(test, 'POST', '/v4/roles', { ...root, body: { name: 'r1', perms: [] } });
    await call(test, 'POST', '/v4/accounts', { ...root, body: { name: 'a1', password: 'Acct_Pass1', roles: ['r1'] } });
    await call(test, 'DELETE', '/v4/accounts/a1', root);
    await call(test, 'GET', '/v4/default/admin/dump', root);
    await call(test, 'DELETE', '/v4/default/admin/alarms', root);
    await call(test, 'POST', '/v4/default/admin/sources/dc9/release', root);
    const audit = lines.filter((l) => l.component === 'audit');
    const actions = audit.map((l) => l.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'create role',
        'create account',
        'delete account',
        'GET /v4/default/admin/dump',
        'DELETE /v4/default/admin/alarms',
        'POST /v4/default/admin/sources/dc9/release',
      ]),
    );
    for (const l of audit) {
      expect(l).toMatchObject({ account: 'root', remote: expect.stringMatching(/127\.0\.0\.1/) });
    }
    expect(JSON.stringify(lines)).not.toMatch(/Acct_Pass1|Root_Pass1/);
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
