import Router from '@koa/router';
import type { RegistryDeps } from '../../registry/deps';

/** Microservices, existence, schemas, tags, dependencies (spec §5.1, §5.3–§5.5). */
export function serviceRoutes(_deps: RegistryDeps): Router {
  return new Router();
}
