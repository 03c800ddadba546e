import Router from '@koa/router';
import type { RegistryDeps } from '../../registry/deps';

/** Admin dump, clusters and alarms (spec §5.8, §7). */
export function adminRoutes(_deps: RegistryDeps): Router {
  return new Router();
}
