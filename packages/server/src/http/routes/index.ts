import type Router from '@koa/router';
import type { RegistryDeps } from '../../registry/deps';
import { serviceRoutes } from './services';
import { instanceRoutes } from './instances';
import { adminRoutes } from './admin';

/** Every v4 registry route, in SC's registration order (first match wins). */
export function registryRouters(deps: RegistryDeps): Router[] {
  return [serviceRoutes(deps), instanceRoutes(deps), adminRoutes(deps)];
}
