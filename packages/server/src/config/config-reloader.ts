import * as E from 'fp-ts/Either';
import type { Logger } from 'pino';
import { ReloadResponse, ScCodes, ScError, scError } from '@service-center/core';
import type { ServerConfig } from './schema';
import { planReload } from './reload-plan';
import { watchConfigFile } from './watch-config-file';

export type ConfigSource = Readonly<{
  /** Settle the configuration again (file < environment < flags); throws on a bad one. */
  load: () => ServerConfig;
  file?: string;
  /** Tests only: how often the file is polled and how long changes settle (ms). */
  watch?: Readonly<{ intervalMs?: number; debounceMs?: number }>;
}>;

export type ReloadParts = Readonly<{
  /** Re-read certificates and peer credentials (they need no configuration). */
  refresh: () => void;
  /**
   * The one path by which a reloaded configuration reaches the running parts: it gets the
   * whole next configuration (only live settings differ) and answers what changed. Parts
   * that gain live settings (a failover policy) join here.
   */
  reconfigure: (next: ServerConfig) => Promise<string[]>;
  /** Told of every reload's outcome (a metric). */
  outcome?: (result: 'applied' | 'refused') => void;
}>;

const REFRESHED = 'credentials and certificates re-read';

/**
 * Reloads the configuration of a running server: on demand (SIGHUP, the admin route) and
 * when the config file changes. One reload at a time; a configuration that does not load,
 * or that the running parts refuse, is reported and the running one kept.
 */
export class ConfigReloader {
  private running: ServerConfig;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly stopWatching: (() => void) | undefined;

  constructor(
    initial: ServerConfig,
    private readonly source: ConfigSource | undefined,
    private readonly parts: ReloadParts,
    private readonly log: Logger,
  ) {
    this.running = initial;
    const file = source?.file;
    this.stopWatching = file
      ? watchConfigFile(
          file,
          () => {
            log.child({ component: 'audit' }).info({ action: 'reload', trigger: 'config-file', remote: 'local' }, 'admin action');
            void this.reload();
          },
          source.watch,
        )
      : undefined;
  }

  config(): ServerConfig {
    return this.running;
  }

  reload(): Promise<E.Either<ScError, ReloadResponse>> {
    this.parts.refresh();
    const next = this.queue.then(
      () => this.once(),
      () => this.once(),
    );
    this.queue = next;
    return next.then((r) => {
      this.parts.outcome?.(E.isRight(r) ? 'applied' : 'refused');
      return r;
    });
  }

  close(): void {
    this.stopWatching?.();
  }

  private async once(): Promise<E.Either<ScError, ReloadResponse>> {
    if (!this.source) return E.right({ changed: [REFRESHED] });
    let loaded: ServerConfig;
    try {
      loaded = this.source.load();
    } catch (err) {
      return this.refuse(err);
    }
    const plan = planReload(this.running, loaded);
    if (plan.kept.length > 0) this.log.warn({ kept: plan.kept }, `settings that change only at a restart keep their running values: ${plan.kept.join(', ')}`);
    let changed: string[];
    try {
      changed = await this.parts.reconfigure(plan.next);
    } catch (err) {
      return this.refuse(err);
    }
    this.running = plan.next;
    this.log.info({ changed }, 'configuration reloaded');
    return E.right({ changed: [...changed, REFRESHED], kept: plan.kept.length > 0 ? plan.kept : undefined });
  }

  private refuse(err: unknown): E.Either<ScError, ReloadResponse> {
    const reason = err instanceof Error ? err.message : String(err);
    this.log.error({ reason }, 'configuration not reloaded; keeping the running one');
    return E.left(scError(ScCodes.InvalidParams, `configuration not reloaded, the running one is kept: ${reason}`));
  }
}
