import * as t from 'io-ts';
import { struct } from '../codec/optional';

/** One local service answered with other clusters' instances right now. */
export const FailoverItem = struct(
  'FailoverItem',
  {
    domain: t.string,
    project: t.string,
    serviceId: t.string,
    environment: t.string,
    appId: t.string,
    serviceName: t.string,
    version: t.string,
    /** When it started failing over (ISO time). */
    since: t.string,
    /** The clusters whose instances are added, in the policy's order. */
    clusters: t.readonlyArray(t.string),
    /** How many remote instances are added. */
    instances: t.number,
  },
  {},
);
export type FailoverItem = t.TypeOf<typeof FailoverItem>;

/** `GET /v4/default/admin/failover` (our server): the policy and the services failing over. */
export const FailoverResponse = struct(
  'FailoverResponse',
  { mode: t.string, minHealthy: t.string, order: t.readonlyArray(t.string), spill: t.string },
  { services: t.readonlyArray(FailoverItem) },
);
export type FailoverResponse = t.TypeOf<typeof FailoverResponse>;
