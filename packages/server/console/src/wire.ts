import * as t from 'io-ts';

// Answers the console reads that core has no codec for (core decodes the rest). Unknown
// fields are let through and ignored, as io-ts `type` does.

const Str = t.union([t.string, t.undefined]);

export const AlarmsResponse = t.partial({
  alarms: t.array(t.type({ id: t.string, status: t.string, fields: t.union([t.record(t.string, t.string), t.undefined]) })),
});
export type AlarmsResponse = t.TypeOf<typeof AlarmsResponse>;

const ServiceRef = t.partial({ serviceId: Str, appId: Str, serviceName: Str, version: Str, environment: Str });
export type ServiceRef = t.TypeOf<typeof ServiceRef>;

export const ProvidersResponse = t.partial({ providers: t.array(ServiceRef) });
export const ConsumersResponse = t.partial({ consumers: t.array(ServiceRef) });
export const TagsResponse = t.partial({ tags: t.record(t.string, t.string) });

export const Settings = t.type({ rbac: t.boolean, cluster: t.string });
export type Settings = t.TypeOf<typeof Settings>;
