import type Router from '@koa/router';
import type { RegistryDeps } from './deps';
import type { DiscoveryRuntime } from './runtime';
import { discoveryRoutes } from './discovery/routes';
import { serviceRoutes } from './microservices/routes';
import { instanceRoutes } from './instances/routes';
import { adminRoutes } from './admin/routes';
import { governRoutes } from './govern/routes';

/** Every v4 registry and govern route, in SC's registration order (first match wins). */
export function registryRouters(deps: RegistryDeps, rt: DiscoveryRuntime): Router[] {
  return [serviceRoutes(deps, rt), instanceRoutes(deps, rt), discoveryRoutes(deps, rt), governRoutes(deps, rt), adminRoutes(deps, rt)];
}
