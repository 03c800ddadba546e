import * as E from 'fp-ts/Either';
import { Rules, ScCodes, ScError, StringMap, Tenant, etcdKey, scError } from '@service-center/core';
import { RegistryDeps, quotasOf } from '../deps';
import { getTags, putRow, readRow } from '../tables';
import type { KvCompare, KvOp } from '../../store/kv';
import { checkFields, requireService, serviceNotFound } from '../common';
import { retryingTxn } from '../txn';

type Tags = Readonly<Record<string, string>>;

/** Ops writing a service's tags; an empty map removes the key (GET then answers `{}`). */
function tagsOps(tenant: Tenant, serviceId: string, tags: Tags): KvOp[] {
  const key = etcdKey.tags(tenant, serviceId);
  return [Object.keys(tags).length > 0 ? putRow('tags', tags, tenant, serviceId) : { kind: 'delete', key }];
}

/** Guards: the service still exists and the tags are as read. */
function tagsGuards(tenant: Tenant, serviceId: string, tagsRevision: number): KvCompare[] {
  return [
    { kind: 'present', key: etcdKey.service(tenant, serviceId) },
    { kind: 'modRevision', key: etcdKey.tags(tenant, serviceId), equals: tagsRevision },
  ];
}

/** `POST …/tags`: replace all tags of the service with the given map (may be empty). */
export function replaceTags(
  deps: RegistryDeps,
  tenant: Tenant,
  serviceId: string,
  tags: StringMap | undefined,
): Promise<E.Either<ScError, void>> {
  const given: Tags = tags ?? {};
  const valid = checkFields('AddServiceTagsRequest', [
    [Rules.ServiceIdRule, serviceId],
    [Rules.addTagsRule(quotasOf(deps)), given],
  ]);
  if (E.isLeft(valid)) return Promise.resolve(valid);
  return retryingTxn(deps, 'update tags', () => {
    const s = requireService(deps.store, tenant, serviceId);
    if (E.isLeft(s)) return s;
    const tagsRevision = deps.store.get(etcdKey.tags(tenant, serviceId))?.modRevision ?? 0;
    return E.right({ compare: tagsGuards(tenant, serviceId, tagsRevision), ops: tagsOps(tenant, serviceId, given), result: undefined });
  });
}

export function listTags(deps: RegistryDeps, tenant: Tenant, serviceId: string): E.Either<ScError, Tags> {
  const valid = checkFields('GetServiceTagsRequest', [[Rules.ServiceIdRule, serviceId]]);
  if (E.isLeft(valid)) return valid;
  const s = requireService(deps.store, tenant, serviceId);
  return E.isLeft(s) ? s : E.right(getTags(deps.store, tenant, serviceId));
}

/** Change one tag's value; the key must exist already (400018). */
export function updateTag(
  deps: RegistryDeps,
  tenant: Tenant,
  serviceId: string,
  key: string,
  value: string,
): Promise<E.Either<ScError, void>> {
  const valid = checkFields('UpdateServiceTagRequest', [
    [Rules.ServiceIdRule, serviceId],
    [Rules.TagKeyRule, key],
    [Rules.TagValueRule, value],
  ]);
  if (E.isLeft(valid)) return Promise.resolve(valid);
  return editTags(deps, tenant, serviceId, (tags) =>
    Object.prototype.hasOwnProperty.call(tags, key)
      ? E.right({ ...tags, [key]: value })
      : E.left(scError(ScCodes.TagNotExists, 'Tag does not exist, please add one first.')),
  );
}

/** Delete some tags; if any key is missing nothing is deleted (400018). */
export function deleteTags(
  deps: RegistryDeps,
  tenant: Tenant,
  serviceId: string,
  keys: readonly string[],
): Promise<E.Either<ScError, void>> {
  const valid = checkFields('DeleteServiceTagsRequest', [
    [Rules.ServiceIdRule, serviceId],
    [Rules.deleteTagsRule(quotasOf(deps)), keys],
  ]);
  if (E.isLeft(valid)) return Promise.resolve(valid);
  return editTags(deps, tenant, serviceId, (tags) => {
    const missing = keys.find((k) => !Object.prototype.hasOwnProperty.call(tags, k));
    if (missing !== undefined) {
      return E.left(scError(ScCodes.TagNotExists, `Delete tags failed for this key ${missing} does not exist.`));
    }
    return E.right(Object.fromEntries(Object.entries(tags).filter(([k]) => !keys.includes(k))));
  });
}

function editTags(
  deps: RegistryDeps,
  tenant: Tenant,
  serviceId: string,
  edit: (tags: Tags) => E.Either<ScError, Tags>,
): Promise<E.Either<ScError, void>> {
  return retryingTxn(deps, 'update tags', () => {
    if (!deps.store.get(etcdKey.service(tenant, serviceId))) return E.left(serviceNotFound());
    const row = readRow(deps.store, 'tags', tenant, serviceId);
    const next = edit(row?.value ?? {});
    if (E.isLeft(next)) return next;
    return E.right({ compare: tagsGuards(tenant, serviceId, row?.kv.modRevision ?? 0), ops: tagsOps(tenant, serviceId, next.right), result: undefined });
  });
}
