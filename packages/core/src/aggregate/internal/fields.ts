import { MicroService } from '../../model/micro-service';
import { MicroServiceInstance } from '../../model/instance';
import { sameValue } from './compare';

/**
 * The compared fields of each record kind, read from the wire codecs so that a field added
 * to the model is compared too (decoding strips unknown fields, nothing else is there).
 */
const serviceFields = [MicroService.type.types[0].props, MicroService.type.types[1].props].flatMap((p) => Object.keys(p));
const instanceFields = [MicroServiceInstance.type.types[0].props, MicroServiceInstance.type.types[1].props].flatMap((p) =>
  Object.keys(p),
);

/** serviceId has its own conflict kind; registration times differ per cluster by nature. */
export const DEFINITION_FIELDS: readonly string[] = serviceFields.filter((f) => !['serviceId', 'timestamp', 'modTimestamp'].includes(f)).sort();
export const INSTANCE_FIELDS: readonly string[] = instanceFields.filter((f) => !['timestamp', 'modTimestamp'].includes(f)).sort();

type Rec = Readonly<Record<string, unknown>>;

/** The fields that differ, in `fields` order (sorted). */
export function differingOn(a: Rec, b: Rec, fields: readonly string[]): string[] {
  return fields.filter((f) => !sameValue(a[f], b[f]));
}

/** Strings as Go's omitempty writes them: absent and "" are the same. */
function sameText(a: string | undefined, b: string | undefined): boolean {
  return a === b || (!a && !b);
}

/**
 * Whether two definitions agree, field by field with named property reads (a generic loop
 * over DEFINITION_FIELDS makes every read megamorphic and costs several times more; this
 * runs for every shared key of a full merge). fields.spec.ts keeps both lists equal.
 */
export function sameDefinition(a: MicroService, b: MicroService): boolean {
  if (a === b) return true;
  return (
    sameText(a.appId, b.appId) &&
    sameText(a.serviceName, b.serviceName) &&
    sameText(a.version, b.version) &&
    sameText(a.environment, b.environment) &&
    sameText(a.description, b.description) &&
    sameText(a.level, b.level) &&
    sameText(a.status, b.status) &&
    sameText(a.alias, b.alias) &&
    sameText(a.registerBy, b.registerBy) &&
    sameValue(a.schemas, b.schemas) &&
    sameValue(a.paths, b.paths) &&
    sameValue(a.properties, b.properties) &&
    sameValue(a.providers, b.providers) &&
    sameValue(a.LBStrategy, b.LBStrategy) &&
    sameValue(a.framework, b.framework)
  );
}

export function sameInstance(a: MicroServiceInstance, b: MicroServiceInstance): boolean {
  if (a === b) return true;
  return (
    sameText(a.instanceId, b.instanceId) &&
    sameText(a.serviceId, b.serviceId) &&
    sameText(a.hostName, b.hostName) &&
    sameText(a.status, b.status) &&
    sameText(a.version, b.version) &&
    sameValue(a.endpoints, b.endpoints) &&
    sameValue(a.properties, b.properties) &&
    sameValue(a.healthCheck, b.healthCheck) &&
    sameValue(a.dataCenterInfo, b.dataCenterInfo)
  );
}
