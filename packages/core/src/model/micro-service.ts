import * as t from 'io-ts';
import { StringArray, StringMap, struct } from '../codec/optional';
import { MicroServiceKey } from './micro-service-key';

export const Framework = struct('Framework', {}, { name: t.string, version: t.string });
export type Framework = t.TypeOf<typeof Framework>;

export const ServicePath = struct('ServicePath', {}, { path: t.string, property: StringMap });
export type ServicePath = t.TypeOf<typeof ServicePath>;

/** A micro-service definition (cari discovery/service.go). */
export const MicroService = struct(
  'MicroService',
  {},
  {
    serviceId: t.string,
    appId: t.string,
    serviceName: t.string,
    version: t.string,
    description: t.string,
    level: t.string,
    schemas: StringArray,
    paths: t.array(ServicePath),
    status: t.string,
    properties: StringMap,
    timestamp: t.string,
    modTimestamp: t.string,
    providers: t.array(MicroServiceKey),
    alias: t.string,
    LBStrategy: StringMap,
    environment: t.string,
    registerBy: t.string,
    framework: Framework,
  },
);
export type MicroService = t.TypeOf<typeof MicroService>;

export const SERVICE_DEFAULTS = { appId: 'default', version: '0.0.1', level: 'BACK', status: 'UP' } as const;

/** Service-Center applies these defaults to empty fields before validating a new service. */
export function withServiceDefaults(s: MicroService): MicroService {
  return {
    ...s,
    appId: s.appId || SERVICE_DEFAULTS.appId,
    version: s.version || SERVICE_DEFAULTS.version,
    level: s.level || SERVICE_DEFAULTS.level,
    status: s.status || SERVICE_DEFAULTS.status,
  };
}
