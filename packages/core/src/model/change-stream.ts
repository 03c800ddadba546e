import * as t from 'io-ts';
import { Int64, StringMap, struct } from '../codec/optional';
import { MicroService } from './micro-service';
import { MicroServiceInstance } from './instance';

/**
 * Our own peer protocol (not Service-Center's): `GET /v4/default/admin/changes?since=&wait=`,
 * a long poll over a server's merged view. Every record keeps its origin cluster and its
 * revision at the origin, so relays (sc1 -> sc2 -> sc3) neither lose nor duplicate data.
 */
export const StreamAction = t.keyof({ CREATE: null, UPDATE: null, DELETE: null }, 'StreamAction');
export type StreamAction = t.TypeOf<typeof StreamAction>;

export const ChangeEvent = struct(
  'ChangeEvent',
  {
    seq: Int64,
    action: StreamAction,
    kind: t.keyof({ service: null, instance: null }),
    domain: t.string,
    project: t.string,
    serviceId: t.string,
    origin: t.string,
    rev: Int64,
  },
  {
    instanceId: t.string,
    /** The served definition (service events, except DELETE). */
    service: MicroService,
    tags: StringMap,
    /** schemaId -> summary. */
    summaries: StringMap,
    instance: MicroServiceInstance,
  },
);
export type ChangeEvent = t.TypeOf<typeof ChangeEvent>;

export const ChangesResponse = struct(
  'ChangesResponse',
  {
    /** Changes the feed's identity on every server start: a new epoch means resync. */
    epoch: t.string,
    /** The feed position after these events; ask `since` it next time. */
    seq: Int64,
    events: t.array(ChangeEvent),
  },
  {
    /** The asked position is older than the feed keeps (or another epoch): pull the dump. */
    reset: t.boolean,
    /** The server's cluster name. */
    cluster: t.string,
    /**
     * What the server offers this reader (its export rules for it); when it differs from the
     * last one seen, the reader resyncs, and withdrawals then are a narrowed export, not a
     * mass deregistration (applied without quarantine).
     */
    exportScope: t.string,
  },
);
export type ChangesResponse = t.TypeOf<typeof ChangesResponse>;
