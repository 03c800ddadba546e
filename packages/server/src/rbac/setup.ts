import type * as http from 'node:http';
import type Router from '@koa/router';
import type Koa from 'koa';
import * as E from 'fp-ts/Either';
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import { Rbac, type ScError } from '@service-center/core';
import type { ServerConfig } from '../config/schema';
import type { RegistryDeps } from '../registry/deps';
import { tenantFrom } from '../http/request-context';
import { KeyPair, loadKeyPair } from './key-pair';
import { RbacService } from './rbac-service';
import { rbacMiddleware } from './middleware';
import { rbacRoutes } from './routes';
import { requestLabels } from './labels';

export type RbacParts = Readonly<{
  service: RbacService;
  middleware: Koa.Middleware;
  router: Router;
  /** The same check for websocket upgrades, before they complete: an error refuses it. */
  authorizeUpgrade: (req: http.IncomingMessage) => Promise<ScError | undefined>;
}>;

/** What can be checked before the store opens: the key pair (read or generated) and the root password. */
export function prepareRbac(config: ServerConfig, log: Logger): KeyPair {
  const weak = config.rbacInitRootPassword === '' ? undefined : Rbac.passwordProblem(Rbac.ROOT_ACCOUNT, config.rbacInitRootPassword);
  if (weak !== undefined) throw new Error(`SC_INIT_ROOT_PASSWORD: ${weak}`);
  return loadKeyPair({ privateKeyFile: config.rbacPrivateKeyFile, publicKeyFile: config.rbacPublicKeyFile, dataDir: config.dataDir }, log);
}

/** RBAC when `--rbac` is on: built-in roles and root, the middleware, the routes. */
export async function startRbac(config: ServerConfig, keys: KeyPair, deps: RegistryDeps, registry: Registry, now: () => number): Promise<RbacParts> {
  const service = new RbacService(deps, {
    keys,
    now,
    releaseLockAfterMs: config.rbacReleaseLockAfterMs,
    initRootPassword: config.rbacInitRootPassword,
    registry,
  });
  await service.init();
  deps.log.info({ keyFile: keys.source }, 'RBAC enabled');
  const authorizeUpgrade = async (req: http.IncomingMessage): Promise<ScError | undefined> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const header = (n: string) => {
      const v = req.headers[n.toLowerCase()];
      return (Array.isArray(v) ? v[0] : v) ?? '';
    };
    const project = /^\/v4\/([^/]+)\//.exec(url.pathname)?.[1] ?? '';
    const tenant = tenantFrom(header('x-domain-name'), project);
    const r = await service.authenticate({
      method: 'GET',
      path: url.pathname,
      authorization: header('authorization'),
      labels: () =>
        requestLabels(deps.store, {
          method: 'GET',
          path: url.pathname,
          tenant: typeof tenant === 'string' ? undefined : tenant,
          query: (n) => url.searchParams.get(n) ?? undefined,
          header,
          body: async () => '',
        }),
    });
    return E.isLeft(r) ? r.left : undefined;
  };
  return { service, middleware: rbacMiddleware(service), router: rbacRoutes(service), authorizeUpgrade };
}
