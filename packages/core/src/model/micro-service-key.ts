import * as t from 'io-ts';
import { struct } from '../codec/optional';

/** `{tenant: "domain/project", environment, appId, serviceName, alias, version}`. */
export const MicroServiceKey = struct(
  'MicroServiceKey',
  {},
  { tenant: t.string, environment: t.string, appId: t.string, serviceName: t.string, alias: t.string, version: t.string },
);
export type MicroServiceKey = t.TypeOf<typeof MicroServiceKey>;
