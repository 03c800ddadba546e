import * as t from 'io-ts';
import { StringArray, struct } from '../codec/optional';

/** A peer's state as Service-Center's syncer reports it. */
export const SyncerPeerStatus = t.keyof({ CONNECTED: null, ABNORMAL: null, CLOSE: null, AuthFail: null }, 'SyncerPeerStatus');
export type SyncerPeerStatus = t.TypeOf<typeof SyncerPeerStatus>;

/** One configured peer; every field is always written (no omitempty). */
export const SyncerPeer = struct(
  'SyncerPeer',
  { name: t.string, kind: t.string, mode: StringArray, endpoints: StringArray, status: SyncerPeerStatus },
  {},
);
export type SyncerPeer = t.TypeOf<typeof SyncerPeer>;

/** `GET /v1/syncer/health`: `{"peers": [...]}`, one entry per configured peer. */
export const SyncerHealthResponse = struct('SyncerHealthResponse', { peers: t.array(SyncerPeer) }, {});
export type SyncerHealthResponse = t.TypeOf<typeof SyncerHealthResponse>;
