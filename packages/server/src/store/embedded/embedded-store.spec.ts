import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { storeContract } from '../../__tests__/store-contract';
import { MemoryKv } from '../memory/memory-kv';
import { openEmbeddedStore } from './open-embedded';

const dirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-store-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

storeContract('embedded (SQLite)', {
  open: async (now) => openEmbeddedStore(tmpDir(), { now, sweepMs: 0 }),
  expire: (store) => (store as MemoryKv).expireLeases(),
});

describe('embedded store durability', () => {
  test('data, revisions and leases survive a restart; leases are re-armed for a full TTL', async () => {
    const dir = tmpDir();
    let clock = 0;
    const a = openEmbeddedStore(dir, { now: () => clock, sweepMs: 0 });
    const lease = await a.grantLease(30);
    await a.txn({ success: [{ kind: 'put', key: '/s/1', value: { name: 'one' } }] });
    await a.txn({ success: [{ kind: 'put', key: '/i/1', value: { id: 1 }, lease }] });
    await a.txn({ success: [{ kind: 'put', key: '/s/1', value: { name: 'uno' } }] });
    await a.close();

    clock = 1_000_000; // long after the old deadline: restored leases start a new full TTL
    const b = openEmbeddedStore(dir, { now: () => clock, sweepMs: 0 });
    expect(b.revision()).toBe(3);
    expect(b.get('/s/1')).toMatchObject({ value: { name: 'uno' }, createRevision: 1, modRevision: 3, version: 2 });
    expect(b.get('/i/1')).toMatchObject({ value: { id: 1 }, lease });
    expect(b.leaseTtl(lease)).toEqual({ ttl: 30, remaining: 30 });
    b.expireLeases();
    expect(b.get('/i/1')).toBeDefined();
    clock += 30_000;
    b.expireLeases();
    expect(b.get('/i/1')).toBeUndefined();
    const next = await b.grantLease(5);
    expect(next).toBeGreaterThan(lease);
    await b.close();

    const c = openEmbeddedStore(dir, { now: () => clock, sweepMs: 0 });
    expect(c.get('/i/1')).toBeUndefined();
    expect(c.revision()).toBe(4);
    await c.close();
  });

  test('an acknowledged write survives kill -9 of the writing process', async () => {
    const dir = tmpDir();
    const script = `
      const { openEmbeddedStore } = require(${JSON.stringify(path.join(__dirname, 'open-embedded.ts'))});
      const s = openEmbeddedStore(${JSON.stringify(dir)}, { sweepMs: 0 });
      (async () => {
        for (let i = 0; i < 200; i++) {
          await s.txn({ success: [{ kind: 'put', key: '/k/' + i, value: { i } }] });
          process.stdout.write('ack ' + i + '\\n');
        }
        setInterval(() => {}, 1000);
      })();
    `;
    const register = path.resolve(__dirname, '../../../../../tools/swc-register.cjs');
    const child = spawn(process.execPath, ['--conditions=@service-center/source', '-r', register, '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('ack 199')) resolve();
      });
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const acked = out.trim().split('\n').length;
    const s = openEmbeddedStore(dir, { sweepMs: 0 });
    expect(s.count('/k/')).toBeGreaterThanOrEqual(acked);
    expect(s.get('/k/199')!.value).toEqual({ i: 199 });
    await s.close();
  });

  test('a corrupt data file is a clear startup error', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'registry.db'), 'this is not a database, just some bytes '.repeat(200));
    expect(() => openEmbeddedStore(dir, { sweepMs: 0 })).toThrow(/not a database|file is (encrypted|not a database)/);
  });
});
