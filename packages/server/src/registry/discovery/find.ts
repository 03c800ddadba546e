import * as E from 'fp-ts/Either';
import { FindAnswer, FindPolicy, FindRequest, RegistryReads, ScError, findInstances } from '@service-center/core';
import type { RegistryDeps } from '../deps';
import { consumerKeyOf, dependencyOps, hasDependency, providerKeyFor } from '../dependencies/rules';
import { storeCall } from '../txn';

/**
 * Find, then record the consumer's dependency on the provider (env/app/name, all versions)
 * when it has none yet: that is how consumers become watchers of their providers (SC's datasource/etcd/ms.go FindInstances).
 * Done before answering, so a watcher opened right after sees the provider's events.
 */
export async function findAndRecord(
  deps: RegistryDeps,
  reads: RegistryReads,
  req: FindRequest,
  policy: FindPolicy,
): Promise<E.Either<ScError, FindAnswer>> {
  const found = findInstances(reads, req, policy);
  if (E.isLeft(found)) return found;
  const { consumer, services } = found.right;
  if (!consumer || services.length === 0) return found;
  const consumerKey = consumerKeyOf(req.tenant, consumer);
  // The rule names the provider by its real name even when it was found by alias.
  const provider = providerKeyFor(req.tenant, consumerKey, {
    appId: services[0].appId,
    serviceName: services[0].serviceName,
  });
  if (hasDependency(deps.store, req.tenant, consumerKey, provider)) return found;
  const ops = dependencyOps(deps.store, req.tenant, consumerKey, [provider], false);
  const written = await storeCall(deps, 'record dependency', () => deps.store.txn({ success: ops }));
  return E.isLeft(written) ? written : found;
}
