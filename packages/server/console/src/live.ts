import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * What the console knows of the server's liveness, and a change counter: the watch bumps it
 * when the merged view changes, and every page reloads its data on a bump.
 */
export type LiveState = Readonly<{
  reachable: boolean;
  /** Why the last request failed, when unreachable. */
  reason: string;
  /** When the server stopped answering (ms since the epoch), 0 while reachable. */
  downSince: number;
  changes: number;
}>;

let state: LiveState = { reachable: true, reason: '', downSince: 0, changes: 0 };
const listeners = new Set<(s: LiveState) => void>();

function set(next: LiveState): void {
  if (next === state) return;
  state = next;
  for (const l of listeners) l(state);
}

export function reportUnreachable(reason: string): void {
  if (!state.reachable && state.reason === reason) return;
  set({ ...state, reachable: false, reason, downSince: state.downSince || Date.now() });
}

export function reportReachable(): void {
  // Coming back counts as a change: whatever was shown may be out of date.
  if (!state.reachable) set({ reachable: true, reason: '', downSince: 0, changes: state.changes + 1 });
}

export function reportChange(): void {
  set({ ...state, changes: state.changes + 1 });
}

export function useLiveState(): LiveState {
  const [s, setS] = useState(state);
  useEffect(() => {
    listeners.add(setS);
    setS(state);
    return () => void listeners.delete(setS);
  }, []);
  return s;
}

export type Loaded<T> = Readonly<{ data: T | undefined; error: string; loadedAt: number; loading: boolean }>;

/**
 * Loads a page's data, and loads it again on every change of the view, every `everyMs`
 * and when `key` changes. The last good answer stays on screen while a reload fails;
 * the banner says the data may be old.
 */
export function useLive<T>(load: (signal: AbortSignal) => Promise<T>, key: string, everyMs = 10_000): Loaded<T> & { reload(): void } {
  const { changes } = useLiveState();
  const [tick, setTick] = useState(0);
  const [loaded, setLoaded] = useState<Loaded<T>>({ data: undefined, error: '', loadedAt: 0, loading: true });
  const keyRef = useRef(key);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  useEffect(() => {
    const keyChanged = keyRef.current !== key;
    keyRef.current = key;
    const aborted = new AbortController();
    if (keyChanged) setLoaded({ data: undefined, error: '', loadedAt: 0, loading: true });
    load(aborted.signal).then(
      (data) => {
        if (!aborted.signal.aborted) setLoaded({ data, error: '', loadedAt: Date.now(), loading: false });
      },
      (err: unknown) => {
        if (aborted.signal.aborted) return;
        setLoaded((prev) => ({ ...prev, error: err instanceof Error ? err.message : String(err), loading: false }));
      },
    );
    return () => aborted.abort();
    // `load` is a new closure on each render: `key` names what it loads.
  }, [key, changes, tick]);
  return { ...loaded, reload: () => setTick((n) => n + 1) };
}
