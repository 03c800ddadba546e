import type Router from '@koa/router';
import type { RegistryDeps } from './deps';
import type { DiscoveryRuntime } from './runtime';
import { discoveryRoutes } from './discovery/routes';
import { serviceRoutes } from './microservices/routes';
import { instanceRoutes } from './instances/routes';
import { adminRoutes } from './admin/routes';

/** Every v4 registry route, in SC's registration order (first match wins). */
export function registryRouters(deps: RegistryDeps, rt: DiscoveryRuntime): Router[] {
  return [serviceRoutes(deps, rt), instanceRoutes(deps, rt), discoveryRoutes(deps, rt), adminRoutes(deps, rt)];
}
