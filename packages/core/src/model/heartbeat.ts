import * as t from 'io-ts';
import { struct } from '../codec/optional';

export const HeartbeatSetElement = struct('HeartbeatSetElement', {}, { serviceId: t.string, instanceId: t.string });
export type HeartbeatSetElement = t.TypeOf<typeof HeartbeatSetElement>;

export const InstanceHbResult = struct(
  'InstanceHbResult',
  {},
  { serviceId: t.string, instanceId: t.string, errMessage: t.string },
);
export type InstanceHbResult = t.TypeOf<typeof InstanceHbResult>;
