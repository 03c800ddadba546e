import * as t from 'io-ts';
import { struct } from '../codec/optional';
import { MicroServiceKey } from './micro-service-key';

/** One consumer and the providers it depends on (the body items of POST/PUT dependencies). */
export const ConsumerDependency = struct(
  'ConsumerDependency',
  {},
  { consumer: MicroServiceKey, providers: t.array(MicroServiceKey), override: t.boolean },
);
export type ConsumerDependency = t.TypeOf<typeof ConsumerDependency>;

/** The stored value of a dependency rule: note the capital `D` on the wire. */
export const MicroServiceDependency = struct('MicroServiceDependency', {}, { Dependency: t.array(MicroServiceKey) });
export type MicroServiceDependency = t.TypeOf<typeof MicroServiceDependency>;
