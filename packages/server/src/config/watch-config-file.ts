import * as fs from 'node:fs';

/**
 * Calls `onChange` once a config file has stopped changing for `debounceMs` (an editor or a
 * ConfigMap update writes in steps). watchFile polls the path, so a file replaced by rename
 * is still seen.
 */
export function watchConfigFile(file: string, onChange: () => void, options: Readonly<{ intervalMs?: number; debounceMs?: number }> = {}): () => void {
  let timer: NodeJS.Timeout | undefined;
  const listener = (now: fs.Stats, before: fs.Stats) => {
    if (now.mtimeMs === before.mtimeMs && now.size === before.size && now.ino === before.ino) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(onChange, options.debounceMs ?? 300);
    timer.unref();
  };
  fs.watchFile(file, { interval: options.intervalMs ?? 1000, persistent: false }, listener);
  return () => {
    if (timer) clearTimeout(timer);
    fs.unwatchFile(file, listener);
  };
}
