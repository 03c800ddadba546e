import * as http from 'node:http';
import * as os from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import * as E from 'fp-ts/Either';
import type { MicroServiceInstance } from '@service-center/core';
import { createApp } from './app';
import type { ServerConfig } from './config/schema';
import { createLogger } from './logger';
import { createMetrics } from './metrics';
import { mainRoutes } from './http/routes/main';
import { registryRouters } from './http/routes';
import { openEmbeddedStore } from './store/embedded/open-embedded';
import type { KvStore } from './store/kv';
import type { RegistryDeps } from './registry/deps';

export type RunningServer = Readonly<{
  /** Base URL, e.g. http://127.0.0.1:30100 */
  url: string;
  port: number;
  config: ServerConfig;
  close(): Promise<void>;
}>;

export type StartOptions = Readonly<{
  log?: Logger;
  /** Collect Node process metrics (off in tests that run several servers in one process). */
  processMetrics?: boolean;
}>;

/** Start a server with a settled configuration; resolves once it listens. */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger(config.logLevel);
  if (config.registry === 'etcd') {
    throw new Error("registry 'etcd' is not available in this build yet; use --registry buildin");
  }
  const metrics = createMetrics(options.processMetrics ?? false);
  const store: KvStore = openEmbeddedStore(config.dataDir);
  const deps: RegistryDeps = { store, config, clusterName: config.clusterName, log, now: Date.now };
  let selfEndpoint = '';
  const health = async () => {
    const self: MicroServiceInstance = {
      hostName: os.hostname(),
      status: 'UP',
      endpoints: [selfEndpoint],
      healthCheck: { mode: 'push', interval: 30, times: 3 },
    };
    return E.right([self]);
  };
  const app = createApp({ log, metrics, routers: [mainRoutes(health), ...registryRouters(deps)] });
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => {
      void store.close();
      reject(err);
    };
    server.once('error', onError);
    server.listen(config.port, config.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${hostForUrl}:${port}`;
  selfEndpoint = `rest://${hostForUrl}:${port}/`;
  log.info({ url, clusterName: config.clusterName, registry: config.registry, dataDir: config.dataDir }, 'service-center listening');
  /** Stop accepting, finish in-flight requests, then close the store. */
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => {
        store
          .close()
          .catch((err: unknown) => log.error({ err }, 'closing the store failed'))
          .finally(() => resolve());
      });
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 2000).unref();
    }));
  return { url, port, config, close };
}
