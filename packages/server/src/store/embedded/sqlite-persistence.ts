import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { Kv } from '../kv';
import type { CommitRecord, Persistence } from '../memory/memory-kv';

export type LoadedState = Readonly<{
  kvs: Kv[];
  leases: { id: number; ttl: number }[];
  revision: number;
  nextLeaseId: number;
}>;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  create_rev INTEGER NOT NULL,
  mod_rev INTEGER NOT NULL,
  version INTEGER NOT NULL,
  lease INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lease (id INTEGER PRIMARY KEY, ttl INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
`;

/**
 * The embedded store's disk: one SQLite file in WAL mode. Each commit is one SQLite
 * transaction, so an acknowledged write survives kill -9 (synchronous=NORMAL keeps WAL
 * commits durable across process crashes; only an OS crash may lose the last ones).
 */
export class SqlitePersistence implements Persistence {
  private readonly db: Database.Database;
  private readonly putStmt: Database.Statement;
  private readonly delStmt: Database.Statement;
  private readonly leasePut: Database.Statement;
  private readonly leaseDel: Database.Statement;
  private readonly metaPut: Database.Statement;
  private readonly commitTxn: (r: CommitRecord) => void;

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    this.putStmt = this.db.prepare(
      'INSERT OR REPLACE INTO kv (key, value, create_rev, mod_rev, version, lease) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.delStmt = this.db.prepare('DELETE FROM kv WHERE key = ?');
    this.leasePut = this.db.prepare('INSERT OR REPLACE INTO lease (id, ttl) VALUES (?, ?)');
    this.leaseDel = this.db.prepare('DELETE FROM lease WHERE id = ?');
    this.metaPut = this.db.prepare('INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)');
    this.commitTxn = this.db.transaction((r: CommitRecord) => {
      for (const kv of r.puts) {
        this.putStmt.run(kv.key, JSON.stringify(kv.value), kv.createRevision, kv.modRevision, kv.version, kv.lease);
      }
      for (const key of r.deletes) this.delStmt.run(key);
      for (const l of r.leasesGranted) this.leasePut.run(l.id, l.ttl);
      for (const id of r.leasesEnded) this.leaseDel.run(id);
      this.metaPut.run('revision', r.revision);
      this.metaPut.run('nextLeaseId', r.nextLeaseId);
    });
  }

  load(): LoadedState {
    const meta = new Map(
      (this.db.prepare('SELECT name, value FROM meta').all() as { name: string; value: number }[]).map((r) => [r.name, r.value]),
    );
    const leases = this.db.prepare('SELECT id, ttl FROM lease').all() as { id: number; ttl: number }[];
    const leaseIds = new Set(leases.map((l) => l.id));
    const kvs: Kv[] = [];
    const rows = this.db
      .prepare('SELECT key, value, create_rev, mod_rev, version, lease FROM kv')
      .raw()
      .iterate() as IterableIterator<[string, string, number, number, number, number]>;
    for (const [key, value, createRevision, modRevision, version, lease] of rows) {
      // A key whose lease row is gone would never expire: treat it as already expired.
      if (lease && !leaseIds.has(lease)) continue;
      kvs.push({ key, value: JSON.parse(value) as unknown, createRevision, modRevision, version, lease });
    }
    return { kvs, leases, revision: meta.get('revision') ?? 0, nextLeaseId: meta.get('nextLeaseId') ?? 1 };
  }

  commit(record: CommitRecord): void {
    this.commitTxn(record);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
