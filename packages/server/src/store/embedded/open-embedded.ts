import * as path from 'node:path';
import { MemoryKv } from '../memory/memory-kv';
import { SqlitePersistence } from './sqlite-persistence';

export type EmbeddedOptions = Readonly<{ now?: () => number; sweepMs?: number }>;

/**
 * The `buildin` store: SQLite in `dataDir` for durability, every read from memory.
 * Leases restored from disk are re-armed for one full TTL.
 */
export function openEmbeddedStore(dataDir: string, options: EmbeddedOptions = {}): MemoryKv {
  const file = path.join(dataDir, 'registry.db');
  let persistence: SqlitePersistence | undefined;
  try {
    persistence = new SqlitePersistence(file);
    const state = persistence.load();
    return new MemoryKv({ ...state, persistence, now: options.now, sweepMs: options.sweepMs ?? 500 });
  } catch (err) {
    persistence?.close();
    throw new Error(
      `cannot open the embedded store ${file}: ${(err as Error).message}; ` +
        'move the file away or choose another --data-dir',
      { cause: err },
    );
  }
}
