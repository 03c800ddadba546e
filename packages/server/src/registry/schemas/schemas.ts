import * as E from 'fp-ts/Either';
import {
  FieldRule,
  ModifySchemaRequest,
  Rules,
  ScCodes,
  ScError,
  Schema,
  Tenant,
  etcdKey,
  keyScope,
  schemaHashOf,
  scError,
  validateField,
  validateObject,
} from '@service-center/core';
import { RegistryDeps, quotasOf } from '../deps';
import type { KvOp, KvStore } from '../../store/kv';
import { checkFields, requireService, updateService } from '../common';
import { storeCall } from '../txn';
import { putRow, readRow, rowsUnder } from '../tables';

export type SchemaInfo = Readonly<{ schemaId: string; summary?: string; schema?: string }>;

const schemaNotFound = (): ScError => scError(ScCodes.SchemaNotExists, 'Do not have this schema info.');
const invalidRequest = (): ScError => scError(ScCodes.InvalidParams, 'Invalid request.');

/** Schema ids with an uploaded content (ref) for a service, in key order. */
function refIds(store: KvStore, tenant: Tenant, serviceId: string): string[] {
  const prefix = keyScope.service('schemaRef', tenant, serviceId);
  return rowsUnder(store, 'schemaRef', prefix).map((r) => r.kv.key.slice(prefix.length));
}

function contentOf(store: KvStore, tenant: Tenant, serviceId: string, schemaId: string): string | undefined {
  const hash = readRow(store, 'schemaRef', tenant, serviceId, schemaId)?.value;
  return hash === undefined ? undefined : readRow(store, 'schemaContent', tenant, hash)?.value;
}

function summaryOf(store: KvStore, tenant: Tenant, serviceId: string, schemaId: string): string {
  return readRow(store, 'summary', tenant, serviceId, schemaId)?.value ?? '';
}

/** Ops storing one schema: ref -> hash, content by hash (always rewritten, see gc), summary. */
function schemaOps(tenant: Tenant, serviceId: string, s: Readonly<{ schemaId: string; schema: string; summary?: string }>): KvOp[] {
  const hash = schemaHashOf(s.schemaId, s.schema);
  return [
    putRow('schemaRef', hash, tenant, serviceId, s.schemaId),
    putRow('schemaContent', s.schema, tenant, hash),
    putRow('summary', s.summary ?? '', tenant, serviceId, s.schemaId),
  ];
}

function removalOps(tenant: Tenant, serviceId: string, schemaId: string): KvOp[] {
  return [
    { kind: 'delete', key: etcdKey.schemaRef(tenant, serviceId, schemaId) },
    { kind: 'delete', key: etcdKey.summary(tenant, serviceId, schemaId) },
    { kind: 'delete', key: etcdKey.schema(tenant, serviceId, schemaId) },
  ];
}

/** A stored service's schemas: the ids of service.schemas and of uploaded refs, content on request. */
export function storedSchemas(store: KvStore, tenant: Tenant, service: Readonly<{ serviceId: string; schemas?: readonly string[] }>, withSchema: boolean): SchemaInfo[] {
  const ids = [...new Set([...(service.schemas ?? []), ...refIds(store, tenant, service.serviceId)])];
  return ids.map((schemaId) => {
    const summary = summaryOf(store, tenant, service.serviceId, schemaId);
    const schema = withSchema ? contentOf(store, tenant, service.serviceId, schemaId) : undefined;
    return { schemaId, ...(summary ? { summary } : {}), ...(schema ? { schema } : {}) };
  });
}

/** `GET …/schemas`: the ids of service.schemas and of uploaded refs, content on request. */
export function listSchemas(deps: RegistryDeps, tenant: Tenant, serviceId: string, withSchema: boolean): E.Either<ScError, SchemaInfo[]> {
  const valid = checkFields('GetAllSchemaRequest', [[Rules.ServiceIdRule, serviceId]]);
  if (E.isLeft(valid)) return valid;
  const s = requireService(deps.store, tenant, serviceId);
  if (E.isLeft(s)) return s;
  return E.right(storedSchemas(deps.store, tenant, s.right.service, withSchema));
}

const idChecks = (serviceId: string, schemaId: string): readonly (readonly [FieldRule, unknown])[] => [
  [Rules.ServiceIdRule, serviceId],
  [Rules.SchemaIdRule, schemaId],
];

/** `GET …/schemas/{schemaId}` and existence: the content and summary; 400016 when not uploaded. */
export function getSchema(
  deps: RegistryDeps,
  tenant: Tenant,
  serviceId: string,
  schemaId: string,
): E.Either<ScError, { schema: string; summary: string }> {
  const valid = checkFields('GetSchemaRequest', idChecks(serviceId, schemaId));
  if (E.isLeft(valid)) return valid;
  const s = requireService(deps.store, tenant, serviceId);
  if (E.isLeft(s)) return s;
  const schema = contentOf(deps.store, tenant, serviceId, schemaId);
  if (schema === undefined) return E.left(schemaNotFound());
  return E.right({ schema, summary: summaryOf(deps.store, tenant, serviceId, schemaId) });
}

/** `PUT …/schemas/{schemaId}`: store one schema; a new id is appended to service.schemas. */
export async function putSchema(
  deps: RegistryDeps,
  tenant: Tenant,
  serviceId: string,
  schemaId: string,
  body: ModifySchemaRequest,
): Promise<E.Either<ScError, void>> {
  const ids = checkFields('ModifySchemaRequest', [[Rules.ServiceIdRule, serviceId]]);
  if (E.isLeft(ids)) return ids;
  const given = { schemaId, schema: body.schema ?? '', summary: body.summary ?? '' };
  const valid = validateObject(Rules.ModifySchemaRules, given);
  if (E.isLeft(valid)) return valid;
  const oldHash = readRow(deps.store, 'schemaRef', tenant, serviceId, schemaId)?.value;
  const r = await updateService(deps, tenant, serviceId, (s) => {
    const known = s.schemas ?? [];
    if (known.includes(schemaId)) return E.right({ ops: schemaOps(tenant, serviceId, given) });
    const quota = quotasOf(deps).schemas;
    if (known.length + 1 > quota) {
      return E.left(scError(ScCodes.NotEnoughQuota, `no quota to add schema ${schemaId}; the service has ${known.length} of ${quota} (--quota-schemas)`));
    }
    return E.right({ service: { ...s, schemas: [...known, schemaId] }, ops: schemaOps(tenant, serviceId, given) });
  });
  if (E.isRight(r) && oldHash !== undefined) await gcSchemaContents(deps, tenant, [oldHash]);
  return r;
}

/**
 * `POST …/schemas`: the service's schemas become exactly the given ones; refs and summaries of
 * other ids are deleted. Any invalid item fails the whole request with SC's "Invalid request.".
 */
export async function putSchemas(
  deps: RegistryDeps,
  tenant: Tenant,
  serviceId: string,
  schemas: readonly Schema[] | undefined,
): Promise<E.Either<ScError, void>> {
  const list = schemas ?? [];
  const countRule = Rules.schemasCountRule(quotasOf(deps));
  const valid =
    E.isRight(validateField('ModifySchemasRequest', Rules.ServiceIdRule, serviceId)) &&
    E.isRight(validateField('ModifySchemasRequest', countRule, list)) &&
    list.every((s) => E.isRight(validateObject(Rules.SchemaItemRules, s)));
  if (!valid) return E.left(invalidRequest());
  // A repeated id keeps its last item (SC would list the id twice in service.schemas).
  const byId = new Map(list.map((s) => [s.schemaId ?? '', { schemaId: s.schemaId ?? '', schema: s.schema ?? '', summary: s.summary ?? '' }]));
  const oldHashes: string[] = [];
  const r = await updateService(deps, tenant, serviceId, (s) => {
    const old = new Set([...(s.schemas ?? []), ...refIds(deps.store, tenant, serviceId)]);
    oldHashes.length = 0;
    for (const id of old) {
      const h = readRow(deps.store, 'schemaRef', tenant, serviceId, id)?.value;
      if (h !== undefined) oldHashes.push(h);
    }
    const ops: KvOp[] = [];
    for (const item of byId.values()) ops.push(...schemaOps(tenant, serviceId, item));
    for (const id of old) if (!byId.has(id)) ops.push(...removalOps(tenant, serviceId, id));
    return E.right({ service: { ...s, schemas: [...byId.keys()] }, ops });
  });
  if (E.isRight(r)) await gcSchemaContents(deps, tenant, oldHashes);
  return r;
}

/** `DELETE …/schemas/{schemaId}`: remove its ref and summary (service.schemas keeps the id, as SC). */
export async function deleteSchema(deps: RegistryDeps, tenant: Tenant, serviceId: string, schemaId: string): Promise<E.Either<ScError, void>> {
  const valid = checkFields('DeleteSchemaRequest', idChecks(serviceId, schemaId));
  if (E.isLeft(valid)) return valid;
  const s = requireService(deps.store, tenant, serviceId);
  if (E.isLeft(s)) return s;
  const refKey = etcdKey.schemaRef(tenant, serviceId, schemaId);
  const hash = readRow(deps.store, 'schemaRef', tenant, serviceId, schemaId)?.value;
  if (hash === undefined) return E.left(scError(ScCodes.SchemaNotExists, 'Schema info does not exist.'));
  const r = await storeCall(deps, 'delete schema', () => deps.store.txn({ compare: [{ kind: 'present', key: refKey }], success: removalOps(tenant, serviceId, schemaId) }));
  if (E.isLeft(r)) return r;
  if (!r.right.succeeded) return E.left(scError(ScCodes.SchemaNotExists, 'Schema info does not exist.'));
  await gcSchemaContents(deps, tenant, [hash]);
  return E.right(undefined);
}

/**
 * Delete schema contents no ref of the tenant points to any more (SC leaves them for a cleanup
 * job). Best effort: each delete is guarded by the content's revision, and an upload always
 * rewrites its content, so a concurrent upload of the same content makes the delete fail.
 */
export async function gcSchemaContents(deps: RegistryDeps, tenant: Tenant, hashes: readonly string[]): Promise<void> {
  // Revisions first, refs second: an upload landing in between changes the revision.
  const revisions = new Map<string, number>();
  for (const hash of new Set(hashes)) {
    const kv = deps.store.get(etcdKey.schemaContent(tenant, hash));
    if (kv) revisions.set(hash, kv.modRevision);
  }
  if (revisions.size === 0) return;
  for (const ref of rowsUnder(deps.store, 'schemaRef', keyScope.tenant('schemaRef', tenant))) revisions.delete(ref.value);
  for (const [hash, modRevision] of revisions) {
    const key = etcdKey.schemaContent(tenant, hash);
    const r = await storeCall(deps, 'delete schema content', () => deps.store.txn({ compare: [{ kind: 'modRevision', key, equals: modRevision }], success: [{ kind: 'delete', key }] }));
    if (E.isLeft(r)) deps.log.warn({ hash, err: r.left }, 'could not delete an unused schema content');
  }
}
