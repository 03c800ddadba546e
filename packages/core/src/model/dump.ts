import * as t from 'io-ts';
import { Int64, StringMap, struct } from '../codec/optional';
import { MicroService } from './micro-service';
import { MicroServiceInstance } from './instance';
import { MicroServiceDependency } from './dependency';

/** One KV of the admin dump: `{key, rev, cluster, value}`; `value` is omitted when empty. */
export function dumpItem<C extends t.Mixed>(name: string, value: C) {
  return struct(name, { key: t.string }, { rev: Int64, cluster: t.string, value });
}

export const ServiceItem = dumpItem('ServiceItem', MicroService);
export type ServiceItem = t.TypeOf<typeof ServiceItem>;
export const IndexItem = dumpItem('IndexItem', t.string);
export type IndexItem = t.TypeOf<typeof IndexItem>;
export const TagItem = dumpItem('TagItem', StringMap);
export type TagItem = t.TypeOf<typeof TagItem>;
export const DependencyRuleItem = dumpItem('DependencyRuleItem', MicroServiceDependency);
export type DependencyRuleItem = t.TypeOf<typeof DependencyRuleItem>;
export const SummaryItem = dumpItem('SummaryItem', t.string);
export type SummaryItem = t.TypeOf<typeof SummaryItem>;
export const InstanceItem = dumpItem('InstanceItem', MicroServiceInstance);
export type InstanceItem = t.TypeOf<typeof InstanceItem>;

/** The `cache` section of `GET /v4/default/admin/dump` (SC pkg/dump/dump.go). */
export const DumpCache = struct(
  'DumpCache',
  {},
  {
    services: t.array(ServiceItem),
    serviceIndexes: t.array(IndexItem),
    serviceAliases: t.array(IndexItem),
    serviceTags: t.array(TagItem),
    dependencyRules: t.array(DependencyRuleItem),
    summaries: t.array(SummaryItem),
    instances: t.array(InstanceItem),
  },
);
export type DumpCache = t.TypeOf<typeof DumpCache>;

export const VersionInfo = struct(
  'VersionInfo',
  {},
  { version: t.string, buildTag: t.string, goVersion: t.string, os: t.string, arch: t.string, apiVersion: t.string },
);
export type VersionInfo = t.TypeOf<typeof VersionInfo>;

/** `exportScope` is ours (see ChangesResponse); Service-Center neither sends nor reads it. */
export const DumpResponse = struct('DumpResponse', {}, { info: VersionInfo, cache: DumpCache, exportScope: t.string });
export type DumpResponse = t.TypeOf<typeof DumpResponse>;
