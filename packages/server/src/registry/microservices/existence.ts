import * as E from 'fp-ts/Either';
import { RegistryReads, Rules, ScCodes, ScError, Tenant, scError, serviceKeyOf, validateObject } from '@service-center/core';
import type { RegistryDeps } from '../deps';
import { getSchema } from '../schemas/schemas';

/** The query of `GET /registry/existence` (SC's GetExistenceRequest). */
export type ExistenceQuery = Readonly<{
  type: string;
  environment: string;
  appId: string;
  serviceName: string;
  version: string;
  serviceId: string;
  schemaId: string;
}>;

export type Existence =
  | Readonly<{ kind: 'microservice'; serviceId: string }>
  | Readonly<{ kind: 'schema'; serviceId: string; schemaId: string; summary: string }>;

/** Dispatch on `type`: `microservice` or `schema`; anything else is 400001. */
export function existence(deps: RegistryDeps, reads: RegistryReads, tenant: Tenant, q: ExistenceQuery): E.Either<ScError, Existence> {
  switch (q.type) {
    case 'microservice': {
      const r = serviceExists(reads, tenant, q);
      return E.isLeft(r) ? r : E.right({ kind: 'microservice', serviceId: r.right });
    }
    case 'schema': {
      const r = getSchema(deps, tenant, q.serviceId, q.schemaId);
      return E.isLeft(r) ? r : E.right({ kind: 'schema', serviceId: q.serviceId, schemaId: q.schemaId, summary: r.right.summary });
    }
    default:
      return E.left(scError(ScCodes.InvalidParams, 'Only micro-service and schema can be used as type.'));
  }
}

/**
 * The id of env/app/name-or-alias at an exact version: 400012 when no version of that name
 * (or alias) exists, 400026 when the name exists but not that version.
 */
export function serviceExists(
  reads: RegistryReads,
  tenant: Tenant,
  q: Pick<ExistenceQuery, 'environment' | 'appId' | 'serviceName' | 'version'>,
): E.Either<ScError, string> {
  const valid = validateObject(Rules.ExistenceRules, q);
  if (E.isLeft(valid)) return valid;
  const flag = `${q.environment}/${q.appId}/${q.serviceName}/${q.version}`;
  if (reads.serviceIdsByName(tenant, q.environment, q.appId, q.serviceName).length === 0) {
    return E.left(scError(ScCodes.ServiceNotExists, `${flag} does not exist.`));
  }
  const id = reads.serviceIdByKey(serviceKeyOf(tenant, q));
  return id ? E.right(id) : E.left(scError(ScCodes.ServiceVersionNotExists, `${flag} version mismatch.`));
}
