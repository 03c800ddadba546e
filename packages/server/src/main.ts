import { CommanderError } from 'commander';
import { ConfigError, loadConfig } from './config/load';
import { createLogger } from './telemetry/logger';
import { startServer } from './server';

/** The `service-center` binary: settle config, start, stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  let configFile: string | undefined;
  let warnings: readonly string[] = [];
  const argv = process.argv.slice(2);
  try {
    ({ config, configFile, warnings } = loadConfig(argv, process.env));
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
    if (err instanceof ConfigError) {
      process.stderr.write(`service-center: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  for (const w of warnings) log.warn(w);
  let server;
  try {
    server = await startServer(config, { log, processMetrics: true, configSource: { file: configFile, load: () => loadConfig(argv, process.env).config } });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why =
      e.code === 'EADDRINUSE'
        ? `port ${config.port} on ${config.host} is already in use; pick another with --port`
        : e.code === 'EACCES'
          ? `not allowed to listen on ${config.host}:${config.port}; pick a port above 1023 with --port`
          : e.message;
    process.stderr.write(`service-center: cannot start: ${why}\n`);
    process.exit(1);
  }
  const stop = (signal: string) => {
    log.info({ signal }, 'stopping');
    server
      .close()
      .then(() => {
        log.info('stopped');
        process.exit(0);
      })
      .catch((err: unknown) => {
        log.error({ err }, 'error while stopping');
        process.exit(1);
      });
  };
  process.on('SIGHUP', () => {
    // A reload has no account: the audit line names the signal and the local process.
    log.child({ component: 'audit' }).info({ action: 'reload', trigger: 'SIGHUP', remote: 'local' }, 'admin action');
    void server.reload();
  });
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

void main();
