import * as t from 'io-ts';

// Answers the console reads that core has no codec for (core decodes the rest). Unknown
// fields are let through and ignored, as io-ts `type` does.

export const AlarmsResponse = t.partial({
  alarms: t.array(t.type({ id: t.string, status: t.string, fields: t.union([t.record(t.string, t.string), t.undefined]) })),
});
export type AlarmsResponse = t.TypeOf<typeof AlarmsResponse>;

export const Settings = t.type({ rbac: t.boolean, cluster: t.string });
export type Settings = t.TypeOf<typeof Settings>;
