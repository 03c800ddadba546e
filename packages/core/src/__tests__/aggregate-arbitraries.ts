// fast-check arbitraries for the aggregate properties: a small universe (3 clusters, 3 names,
// 2 versions, 5 instance ids) so that collisions, conflicts, echoes and relays are frequent.
import fc from 'fast-check';
import { serviceKeyOf } from '../keys/service-key';
import { serviceIdOf } from '../keys/ids';
import type { SourceChange } from '../aggregate/apply-change';
import { InstanceRecord, ServiceRecord, SourceHealth, SourceId, SummaryRecord, TagsRecord, sourceOf } from '../aggregate/snapshot';
import type { SourceState } from '../aggregate/source-state';
import { MIN, T, T0 } from './aggregate-fixtures';

export const CLUSTERS = ['sc1', 'sc2', 'sc3'] as const;
export const SOURCE_IDS: readonly SourceId[] = [
  { cluster: 'sc1', kind: 'local' },
  { cluster: 'sc1', kind: 'k8s' },
  { cluster: 'sc2', kind: 'servicecenter' },
  { cluster: 'sc3', kind: 'servicecenter' },
  // A peer that calls itself like us: a loop, its own-origin records are echoes.
  { cluster: 'sc1', kind: 'servicecenter' },
];

const NAMES = ['a', 'b', 'c'];
const VERSIONS = ['1.0.0', '2.0.0'];
const INSTANCE_IDS = ['i1', 'i2', 'i3', 'i4', 'i5'];

/** Deterministic ids for the keys, plus two foreign ids that produce service-id conflicts. */
export const SERVICE_IDS: readonly string[] = [
  ...NAMES.flatMap((n) => VERSIONS.map((v) => serviceIdOf(serviceKeyOf(T, { appId: 'app', serviceName: n, version: v, environment: '' })))),
  'x1',
  'x2',
];

const origin = fc.constantFrom(...CLUSTERS);
const rev = fc.integer({ min: 1, max: 3 });

export const serviceArb: fc.Arbitrary<ServiceRecord> = fc
  .record({
    origin,
    rev,
    name: fc.constantFrom(...NAMES),
    version: fc.constantFrom(...VERSIONS),
    foreignId: fc.option(fc.constantFrom('x1', 'x2'), { freq: 4 }),
    timestamp: fc.constantFrom('100', '200', undefined),
    level: fc.constantFrom('FRONT', 'BACK'),
    alias: fc.option(fc.constantFrom('al', 'bl'), { freq: 2 }),
  })
  .map(({ origin, rev, name, version, foreignId, timestamp, level, alias }) => {
    const key = { appId: 'app', serviceName: name, version, environment: '' };
    const serviceId = foreignId ?? serviceIdOf(serviceKeyOf(T, key));
    return { tenant: T, origin, rev, service: { ...key, serviceId, timestamp, level, alias: alias ?? undefined } };
  });

export const instanceArb: fc.Arbitrary<InstanceRecord> = fc
  .record({
    origin,
    rev,
    serviceId: fc.constantFrom(...SERVICE_IDS),
    instanceId: fc.constantFrom(...INSTANCE_IDS),
    hostName: fc.constantFrom('h1', 'h2'),
    timestamp: fc.constantFrom('100', '200'),
  })
  .map(({ origin, rev, serviceId, instanceId, hostName, timestamp }) => ({
    tenant: T,
    origin,
    rev,
    instance: { serviceId, instanceId, hostName, timestamp, status: 'UP' },
  }));

export const tagsArb: fc.Arbitrary<TagsRecord> = fc
  .record({ origin, rev, serviceId: fc.constantFrom(...SERVICE_IDS), team: fc.constantFrom('x', 'y') })
  .map(({ origin, rev, serviceId, team }) => ({ tenant: T, origin, rev, serviceId, tags: { team } }));

export const summaryArb: fc.Arbitrary<SummaryRecord> = fc
  .record({ origin, rev, serviceId: fc.constantFrom(...SERVICE_IDS), summary: fc.constantFrom('aa', 'bb') })
  .map(({ origin, rev, serviceId, summary }) => ({ tenant: T, origin, rev, serviceId, schemaId: 's1', summary }));

/** Fresh, or unreachable for a while: short of demotion, demoted, or past the drop. */
export const healthArb: fc.Arbitrary<SourceHealth> = fc.oneof(
  fc.constant<SourceHealth>({ status: 'fresh', lastConfirmed: T0 }),
  fc.constantFrom(0, MIN / 2, 2 * MIN, 10 * MIN).map((ago): SourceHealth => ({ status: 'unreachable', lastConfirmed: T0 - ago })),
);

const recordsArb = fc.record({
  services: fc.array(serviceArb, { maxLength: 4 }),
  instances: fc.array(instanceArb, { maxLength: 10 }),
  tags: fc.array(tagsArb, { maxLength: 2 }),
  summaries: fc.array(summaryArb, { maxLength: 2 }),
});

export const sourceArb = (id: fc.Arbitrary<SourceId> = fc.constantFrom(...SOURCE_IDS), health = healthArb) =>
  fc.record({ id, health, records: recordsArb }).map(({ id, health, records }) => sourceOf({ ...id, health, ...records }));

/** A source state, sometimes quarantined with a held snapshot of the same source. */
export const stateArb = (opts: { quarantine?: boolean } = {}): fc.Arbitrary<SourceState> =>
  fc
    .record({
      id: fc.constantFrom(...SOURCE_IDS),
      health: healthArb,
      records: recordsArb,
      held: opts.quarantine === false ? fc.constant(null) : fc.option(recordsArb, { freq: 3 }),
      heldAgo: fc.constantFrom(0, 2 * MIN, 10 * MIN),
    })
    .map(({ id, health, records, held, heldAgo }) => ({
      source: sourceOf({ ...id, health, ...records }),
      quarantine: held
        ? {
            held: sourceOf({ ...id, health: { status: 'fresh', lastConfirmed: T0 - heldAgo }, ...held }),
            since: T0,
            confirmations: 1,
            withdrawn: 8,
            of: 10,
          }
        : undefined,
    }));

export const statesArb = (opts: { quarantine?: boolean; maxLength?: number } = {}) =>
  fc.array(stateArb(opts), { maxLength: opts.maxLength ?? 4 });

const sourceIdArb = fc.constantFrom(...SOURCE_IDS);
const FRESH_T0: SourceHealth = { status: 'fresh', lastConfirmed: T0 };
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

/** Any change a source adapter can report, on known and unknown sources. */
export const changeArb: fc.Arbitrary<SourceChange> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ source: sourceIdArb, record: instanceArb }).map((c) => ({ kind: 'put-instance' as const, ...c })) },
  {
    weight: 3,
    arbitrary: fc
      .record({ source: sourceIdArb, serviceId: pick(SERVICE_IDS), instanceId: pick(INSTANCE_IDS) })
      .map((c) => ({ kind: 'delete-instance' as const, tenant: T, ...c })),
  },
  { weight: 2, arbitrary: fc.record({ source: sourceIdArb, record: serviceArb }).map((c) => ({ kind: 'put-service' as const, ...c })) },
  {
    weight: 2,
    arbitrary: fc.record({ source: sourceIdArb, serviceId: pick(SERVICE_IDS) }).map((c) => ({ kind: 'delete-service' as const, tenant: T, ...c })),
  },
  { weight: 1, arbitrary: fc.record({ source: sourceIdArb, record: tagsArb }).map((c) => ({ kind: 'put-tags' as const, ...c })) },
  {
    weight: 1,
    arbitrary: fc.record({ source: sourceIdArb, serviceId: pick(SERVICE_IDS) }).map((c) => ({ kind: 'delete-tags' as const, tenant: T, ...c })),
  },
  { weight: 1, arbitrary: fc.record({ source: sourceIdArb, record: summaryArb }).map((c) => ({ kind: 'put-summary' as const, ...c })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ source: sourceIdArb, serviceId: pick(SERVICE_IDS) })
      .map((c) => ({ kind: 'delete-summary' as const, tenant: T, schemaId: 's1', ...c })),
  },
  { weight: 2, arbitrary: fc.record({ source: sourceIdArb, health: healthArb }).map((c) => ({ kind: 'health' as const, ...c })) },
  { weight: 1, arbitrary: stateArb().map((state) => ({ kind: 'replace' as const, state })) },
  // A relist of a healthy source: same freshness, so only the slots that differ are revisited.
  { weight: 2, arbitrary: sourceArb(sourceIdArb, fc.constant(FRESH_T0)).map((state) => ({ kind: 'replace' as const, state })) },
  { weight: 1, arbitrary: sourceIdArb.map((source) => ({ kind: 'remove' as const, source })) },
  { weight: 1, arbitrary: fc.constantFrom(0, MIN / 2, MIN, 3 * MIN, 6 * MIN).map((d) => ({ kind: 'tick' as const, now: T0 + d })) },
);
