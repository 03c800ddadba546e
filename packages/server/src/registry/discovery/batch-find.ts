import * as E from 'fp-ts/Either';
import {
  BatchFindResponse,
  BatchFindResult,
  FindInstance,
  FindService,
  MicroServiceInstance,
  Rules,
  ScCodes,
  ScError,
  Tenant,
  FindAnswer,
  FindPolicy,
  InstanceAnswer,
  RegistryReads,
  errorBodyOf,
  getProviderInstance,
  scError,
  validateField,
  validateObject,
} from '@service-center/core';
import type { RegistryDeps } from '../deps';
import { findAndRecord } from './find';

export type BatchFindRequestIn = Readonly<{
  tenant: Tenant;
  consumerId: string;
  services: readonly FindService[];
  instances: readonly FindInstance[];
}>;

type Outcome = E.Either<ScError, Readonly<{ rev: string; instances: readonly MicroServiceInstance[] }>>;

/** Group per-item outcomes SC's way: updated / notModified / one failed entry per code. */
function resultOf(outcomes: readonly Outcome[], clientRevs: readonly (string | undefined)[]): BatchFindResult {
  const updated: NonNullable<BatchFindResult['updated']> = [];
  const notModified: number[] = [];
  const failed = new Map<number, { indexes: number[]; error: ScError }>();
  outcomes.forEach((o, index) => {
    if (E.isLeft(o)) {
      const f = failed.get(o.left.code) ?? { indexes: [], error: o.left };
      f.indexes.push(index);
      failed.set(o.left.code, f);
    } else if (clientRevs[index] && clientRevs[index] === o.right.rev) {
      notModified.push(index);
    } else {
      updated.push(o.right.instances.length > 0 ? { index, rev: o.right.rev, instances: [...o.right.instances] } : { index, rev: o.right.rev });
    }
  });
  const out: BatchFindResult = {};
  if (failed.size > 0) {
    out.failed = [...failed.values()].map((f) => {
      const { errorMessage, detail } = errorBodyOf(f.error);
      return { indexes: f.indexes, error: detail ? { errorCode: f.error.code, errorMessage, detail } : { errorCode: f.error.code, errorMessage } };
    });
  }
  if (notModified.length > 0) out.notModified = notModified;
  if (updated.length > 0) out.updated = updated;
  return out;
}

/** Every item must be well-formed, or the whole request is 400001 (SC validates it whole). */
function validate(req: BatchFindRequestIn): E.Either<ScError, void> {
  if (req.services.length === 0 && req.instances.length === 0) {
    return E.left(scError(ScCodes.InvalidParams, 'Required services or instances'));
  }
  for (const s of req.services) {
    if (!s.service) return E.left(scError(ScCodes.InvalidParams, 'Required services[].service'));
    const r = validateObject(Rules.FindRules, { ...s.service, consumerServiceId: req.consumerId });
    if (E.isLeft(r)) return r;
  }
  for (const i of req.instances) {
    if (!i.instance) return E.left(scError(ScCodes.InvalidParams, 'Required instances[].instance'));
    for (const [rule, value] of [
      [Rules.ServiceIdRule, i.instance.serviceId],
      [Rules.InstanceIdRule, i.instance.instanceId],
    ] as const) {
      const r = validateField('HeartbeatSetElement', rule, value);
      if (E.isLeft(r)) return r;
    }
  }
  return E.right(undefined);
}

const isInternal = (o: Outcome) => E.isLeft(o) && o.left.code >= 500000;

/**
 * `POST /registry/instances/action?type=query` (SC's server/resource/disco/instance_resource.go). Each service key is a find, each
 * instance key a get-one; an internal error anywhere fails the whole call. Encode the answer
 * with core's BatchFindResponse, which writes errorCode as a string.
 */
export async function batchFind(
  deps: RegistryDeps,
  reads: RegistryReads,
  req: BatchFindRequestIn,
  policy: FindPolicy,
): Promise<E.Either<ScError, BatchFindResponse>> {
  const valid = validate(req);
  if (E.isLeft(valid)) return valid;
  const serviceOutcomes: Outcome[] = [];
  for (const s of req.services) {
    const key = s.service ?? {};
    const found = await findAndRecord(deps, reads, {
      tenant: req.tenant,
      consumerId: req.consumerId,
      environment: key.environment ?? '',
      appId: key.appId ?? '',
      serviceName: key.serviceName ?? '',
      version: key.version ?? '',
      tags: [],
    }, policy);
    serviceOutcomes.push(E.map((a: FindAnswer) => ({ rev: a.revision, instances: a.instances.map((i) => i.instance) }))(found));
  }
  const instanceOutcomes: Outcome[] = req.instances.map((i) =>
    E.map((a: InstanceAnswer) => ({ rev: a.revision, instances: [a.instance.instance] }))(
      getProviderInstance(reads, {
        tenant: req.tenant,
        consumerId: req.consumerId,
        serviceId: i.instance?.serviceId ?? '',
        instanceId: i.instance?.instanceId ?? '',
        tags: [],
      }),
    ),
  );
  const internal = [...serviceOutcomes, ...instanceOutcomes].find(isInternal);
  if (internal && E.isLeft(internal)) return E.left(internal.left);
  const body: BatchFindResponse = {};
  if (req.services.length > 0) body.services = resultOf(serviceOutcomes, req.services.map((s) => s.rev));
  if (req.instances.length > 0) body.instances = resultOf(instanceOutcomes, req.instances.map((i) => i.rev));
  return E.right(body);
}
