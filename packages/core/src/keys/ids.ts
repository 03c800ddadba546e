import { createHash } from 'node:crypto';
import { ServiceKey } from './service-key';
import { etcdKey } from './etcd-key';

/**
 * serviceId = lowercase hex sha1 of the service's index key, so the same key gets the same
 * id on every server (SC's default `uuid.kind: context`).
 */
export function serviceIdOf(key: ServiceKey): string {
  return createHash('sha1').update(etcdKey.index(key)).digest('hex');
}

const SERVICE_ID = /^[0-9a-f]{40}$/;
const INSTANCE_ID = /^[0-9a-f]{32}$/;

export function isGeneratedServiceId(id: string): boolean {
  return SERVICE_ID.test(id);
}

/** Generated instance ids are 32 lowercase hex chars: a uuid v4 without dashes. */
export function isGeneratedInstanceId(id: string): boolean {
  return INSTANCE_ID.test(id);
}

/** Turn a uuid (e.g. crypto.randomUUID(), a pod uid) into an instance id. */
export function instanceIdFromUuid(uuid: string): string {
  return uuid.replace(/-/g, '').toLowerCase();
}

/** Schema content hash: md5 hex of `schemaId + ": " + content` (SC datasource/schema). */
export function schemaHashOf(schemaId: string, content: string): string {
  return createHash('md5').update(`${schemaId}: ${content}`).digest('hex');
}
