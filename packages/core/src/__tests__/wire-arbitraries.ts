// fast-check arbitraries for the core wire model (MicroService, instances, dump, versions).
import fc from 'fast-check';
import type { Framework, MicroService, ServicePath } from '../model/micro-service';
import type { MicroServiceKey } from '../model/micro-service-key';
import type { DataCenterInfo, HealthCheck, MicroServiceInstance } from '../model/instance';
import type { DumpCache } from '../model/dump';
import type { MicroServiceDependency } from '../model/dependency';

/** Wire data comes from JSON.parse: plain objects only. */
const plain = { noNullPrototype: true } as const;

/** Any JSON text value, including unicode and the empty string. */
export const wireString = fc.string({ maxLength: 12 });

/** A string-to-string map as decoded from JSON. */
export const stringMap = fc.dictionary(fc.string({ maxLength: 8 }), wireString, { maxKeys: 4, ...plain });

export const int32 = fc.integer({ min: -2147483648, max: 2147483647 });

/** An int64 revision that survives a JSON number (safe integers). */
export const revision = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

/** Every field optional, none ever `undefined` (absent keys are absent). */
function optionalRecord<T extends Record<string, unknown>>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) {
  return fc.record(model, { requiredKeys: [], ...plain });
}

export const framework: fc.Arbitrary<Framework> = optionalRecord<Required<Framework>>({ name: wireString, version: wireString });

export const servicePath: fc.Arbitrary<ServicePath> = optionalRecord<Required<ServicePath>>({ path: wireString, property: stringMap });

export const microServiceKey: fc.Arbitrary<MicroServiceKey> = optionalRecord<Required<MicroServiceKey>>({
  tenant: wireString,
  environment: wireString,
  appId: wireString,
  serviceName: wireString,
  alias: wireString,
  version: wireString,
});

export const microService: fc.Arbitrary<MicroService> = optionalRecord<Required<MicroService>>({
  serviceId: wireString,
  appId: wireString,
  serviceName: wireString,
  version: wireString,
  description: wireString,
  level: wireString,
  schemas: fc.array(wireString, { maxLength: 3 }),
  paths: fc.array(servicePath, { maxLength: 2 }),
  status: wireString,
  properties: stringMap,
  timestamp: wireString,
  modTimestamp: wireString,
  providers: fc.array(microServiceKey, { maxLength: 2 }),
  alias: wireString,
  LBStrategy: stringMap,
  environment: wireString,
  registerBy: wireString,
  framework,
});

export const healthCheck: fc.Arbitrary<HealthCheck> = optionalRecord<Required<HealthCheck>>({
  mode: fc.constantFrom('push', 'pull', ''),
  port: int32,
  interval: int32,
  times: int32,
  url: wireString,
});

export const dataCenterInfo: fc.Arbitrary<DataCenterInfo> = optionalRecord<Required<DataCenterInfo>>({
  name: wireString,
  region: wireString,
  availableZone: wireString,
});

export const microServiceInstance: fc.Arbitrary<MicroServiceInstance> = optionalRecord<Required<MicroServiceInstance>>({
  instanceId: wireString,
  serviceId: wireString,
  endpoints: fc.array(wireString, { maxLength: 3 }),
  hostName: wireString,
  status: wireString,
  properties: stringMap,
  healthCheck,
  timestamp: wireString,
  dataCenterInfo,
  modTimestamp: wireString,
  version: wireString,
});

/** One admin dump KV; `key` always present, the rest optional as the codec allows. */
function dumpItemOf<V>(value: fc.Arbitrary<V>) {
  return fc.record(
    { key: wireString, rev: revision, cluster: wireString, value },
    { requiredKeys: ['key'], ...plain },
  );
}

const dependency: fc.Arbitrary<MicroServiceDependency> = optionalRecord<Required<MicroServiceDependency>>({
  Dependency: fc.array(microServiceKey, { maxLength: 2 }),
});

export const dumpCache: fc.Arbitrary<DumpCache> = optionalRecord<Required<DumpCache>>({
  services: fc.array(dumpItemOf(microService), { maxLength: 2 }),
  serviceIndexes: fc.array(dumpItemOf(wireString), { maxLength: 2 }),
  serviceAliases: fc.array(dumpItemOf(wireString), { maxLength: 2 }),
  serviceTags: fc.array(dumpItemOf(stringMap), { maxLength: 2 }),
  dependencyRules: fc.array(dumpItemOf(dependency), { maxLength: 2 }),
  summaries: fc.array(dumpItemOf(wireString), { maxLength: 2 }),
  instances: fc.array(dumpItemOf(microServiceInstance), { maxLength: 2 }),
});

/** One int16 version segment, biased towards the edges. */
export const versionSegment = fc.oneof(fc.integer({ min: 0, max: 32767 }), fc.constantFrom(0, 1, 32766, 32767));

/** A valid SC version text: 1 to 4 int16 segments, sometimes with leading zeros. */
export const validVersion: fc.Arbitrary<string> = fc
  .array(fc.tuple(versionSegment, fc.boolean()), { minLength: 1, maxLength: 4 })
  .map((segs) => segs.map(([n, pad]) => (pad ? `0${n}` : String(n))).join('.'));

/** Texts that look like versions or version rules, valid or not. */
export const versionLike: fc.Arbitrary<string> = fc.string({
  unit: fc.constantFrom('0', '1', '9', '3', '2', '7', '.', '+', '-', ' ', 'a', 'latest'),
  maxLength: 14,
});

/** A single etcd key segment (no `/`), possibly empty. */
export const keySegment = fc.string({ maxLength: 10 }).map((s) => s.replace(/\//g, '_'));

/** A non-empty key segment, for ids. */
export const idSegment = keySegment.filter((s) => s.length > 0);
