import type Router from '@koa/router';
import type { RegistryDeps } from '../../registry/deps';
import type { DiscoveryRuntime } from '../../services/instances-runtime';
import { serviceRoutes } from './services';
import { instanceRoutes } from './instances';
import { adminRoutes } from './admin';

/** Every v4 registry route, in SC's registration order (first match wins). */
export function registryRouters(deps: RegistryDeps, rt: DiscoveryRuntime): Router[] {
  return [serviceRoutes(deps), instanceRoutes(deps, rt), adminRoutes(deps, rt)];
}
