import * as path from 'node:path';
import { MemoryKv } from '../memory/memory-kv';
import { SqlitePersistence } from './sqlite-persistence';

export type EmbeddedOptions = Readonly<{ now?: () => number; sweepMs?: number }>;

/**
 * The `buildin` store: SQLite in `dataDir` for durability, every read from memory.
 * Leases restored from disk are re-armed for one full TTL.
 */
export function openEmbeddedStore(dataDir: string, options: EmbeddedOptions = {}): MemoryKv {
  const persistence = new SqlitePersistence(path.join(dataDir, 'registry.db'));
  try {
    const state = persistence.load();
    return new MemoryKv({ ...state, persistence, now: options.now, sweepMs: options.sweepMs ?? 500 });
  } catch (err) {
    persistence.close();
    throw err;
  }
}
