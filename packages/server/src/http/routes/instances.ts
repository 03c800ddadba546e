import Router from '@koa/router';
import type { RegistryDeps } from '../../registry/deps';

/** Instances, heartbeats, find and batch find (spec §5.2). */
export function instanceRoutes(_deps: RegistryDeps): Router {
  return new Router();
}
