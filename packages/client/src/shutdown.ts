import type { ServiceCenterClient } from './client';

export type CloseOnSignalOptions = Readonly<{
  /** Default: SIGTERM and SIGINT. */
  signals?: readonly NodeJS.Signals[];
  /** Exit the process once the client is closed (default true), with this code (default 0). */
  exit?: boolean;
  exitCode?: number;
  /** Give up waiting for close() after this long (default 5 s). */
  timeoutMs?: number;
  /** Process-like object, for tests (default `process`). */
  process?: Pick<NodeJS.Process, 'once' | 'off' | 'exit'>;
}>;

/**
 * Unregister on shutdown: on SIGTERM / SIGINT, close the client (stops heartbeats and
 * unregisters the instance), then exit. Returns a function that removes the handlers.
 *
 * ```ts
 * const client = new ServiceCenterClient({ endpoints: ['http://127.0.0.1:30100'] });
 * await client.register({ service: { serviceName: 'orders' }, instance: { endpoints: ['rest://10.0.0.5:8080'] } });
 * closeOnSignal(client);
 * ```
 */
export function closeOnSignal(client: Pick<ServiceCenterClient, 'close'>, options: CloseOnSignalOptions = {}): () => void {
  const proc = options.process ?? process;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const remove = () => {
    for (const s of signals) proc.off(s, onSignal);
  };
  function onSignal(): void {
    remove();
    const limit = new Promise<void>((resolve) => setTimeout(resolve, options.timeoutMs ?? 5000).unref());
    void Promise.race([client.close().catch(() => undefined), limit]).then(() => {
      if (options.exit ?? true) proc.exit(options.exitCode ?? 0);
    });
  }
  for (const s of signals) proc.once(s, onSignal);
  return remove;
}
