import * as t from 'io-ts';
import { struct } from '../codec/optional';
import { MicroServiceKey } from './micro-service-key';
import { MicroServiceInstance } from './instance';

/** SC's actions, and ours: RESYNC (events of the provider in `key` were dropped; list it again). */
export const WatchAction = t.keyof({ CREATE: null, UPDATE: null, DELETE: null, EXPIRE: null, INIT: null, RESYNC: null }, 'WatchAction');
export type WatchAction = t.TypeOf<typeof WatchAction>;

/** One websocket text frame of the watcher: `{action, key, instance}`. */
export const WatchEvent = struct('WatchEvent', { action: WatchAction }, { key: MicroServiceKey, instance: MicroServiceInstance });
export type WatchEvent = t.TypeOf<typeof WatchEvent>;
