import * as t from 'io-ts';
import { Int32, struct } from '../codec/optional';
import { MicroServiceKey } from './micro-service-key';
import { HeartbeatSetElement } from './heartbeat';
import { MicroServiceInstance } from './instance';
import { ErrorBody } from './error-body';

export const FindService = struct('FindService', {}, { service: MicroServiceKey, rev: t.string });
export type FindService = t.TypeOf<typeof FindService>;

export const FindInstance = struct('FindInstance', {}, { instance: HeartbeatSetElement, rev: t.string });
export type FindInstance = t.TypeOf<typeof FindInstance>;

/** Body of `POST /registry/instances/action?type=query`. */
export const BatchFindRequest = struct(
  'BatchFindRequest',
  {},
  { consumerServiceId: t.string, services: t.array(FindService), instances: t.array(FindInstance) },
);
export type BatchFindRequest = t.TypeOf<typeof BatchFindRequest>;

export const FindResult = struct('FindResult', { index: Int32, rev: t.string }, { instances: t.array(MicroServiceInstance) });
export type FindResult = t.TypeOf<typeof FindResult>;

export const FindFailedResult = struct('FindFailedResult', { indexes: t.array(Int32), error: ErrorBody }, {});
export type FindFailedResult = t.TypeOf<typeof FindFailedResult>;

export const BatchFindResult = struct(
  'BatchFindResult',
  {},
  { failed: t.array(FindFailedResult), notModified: t.array(Int32), updated: t.array(FindResult) },
);
export type BatchFindResult = t.TypeOf<typeof BatchFindResult>;

export const BatchFindResponse = struct('BatchFindResponse', {}, { services: BatchFindResult, instances: BatchFindResult });
export type BatchFindResponse = t.TypeOf<typeof BatchFindResponse>;
