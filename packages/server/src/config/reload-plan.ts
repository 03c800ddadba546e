import { SETTINGS, ServerConfig } from './schema';

/**
 * Settings a running server takes on at a reload. Every other setting (port, data dir, store
 * kind, cluster name, RBAC, TLS file paths, merge policy...) is read once at start: a reload
 * that changes one keeps the running value and names it in a warning.
 */
const LIVE_SETTINGS: ReadonlySet<keyof ServerConfig> = new Set<keyof ServerConfig>([
  'clusters',
  'exports',
  'imports',
  'peerAccount',
  'peerPasswordFile',
  'peerTimeout',
  'failoverMode',
  'failoverMinHealthy',
  'failoverOrder',
  'failoverSpill',
]);

export type ReloadPlan = Readonly<{
  /** The configuration to run with: the live settings of the new file, the rest as running. */
  next: ServerConfig;
  /** Flags of the settings that changed but need a restart (kept as running). */
  kept: readonly string[];
}>;

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function planReload(current: ServerConfig, loaded: ServerConfig): ReloadPlan {
  const next: Record<string, unknown> = { ...loaded };
  const kept: string[] = [];
  for (const key of Object.keys(current) as (keyof ServerConfig)[]) {
    if (LIVE_SETTINGS.has(key) || same(current[key], loaded[key])) continue;
    next[key] = current[key];
    kept.push(SETTINGS.find((s) => s.key === key)?.flag ?? key);
  }
  return { next: Object.freeze(next) as ServerConfig, kept };
}
