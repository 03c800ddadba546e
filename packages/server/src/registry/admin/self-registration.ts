import * as os from 'node:os';
import * as E from 'fp-ts/Either';
import {
  DEFAULT_TENANT,
  MicroService,
  MicroServiceInstance,
  ScCodes,
  ScError,
  scError,
  serviceKeyOf,
} from '@service-center/core';
import type { RegistryDeps } from '../deps';
import { serviceIdByKey } from '../tables';
import { SERVER_VERSION } from './version';
import { registerService } from '../microservices/microservices';
import { SC_APP_ID, SC_SERVICE_NAME } from '@service-center/core';
import { registerInstance } from '../instances/register';
import { renewInstanceLease, revokeInstanceLease } from '../instances/leases';
import { AlarmIds, AlarmRegistry } from './alarms';
import type { InstanceView } from '../instances/self-preservation';

/** SC's own service (server/core/microservice.go): global, cross-app, in `default/default`. */
export const SELF_SERVICE: MicroService = Object.freeze({
  appId: SC_APP_ID,
  serviceName: SC_SERVICE_NAME,
  alias: SC_SERVICE_NAME,
  version: SERVER_VERSION,
  level: 'BACK',
  status: 'UP',
  properties: { allowCrossApp: 'true' },
});

export type SelfRegistrationOptions = Readonly<{ heartbeatMs?: number }>;

/**
 * Where this server runs, as its own instance tells clients: java-chassis groups the
 * SERVICECENTER instances by region and zone and prefers a server in its own zone.
 */
function placementOf(config: RegistryDeps['config']): Pick<MicroServiceInstance, 'dataCenterInfo' | 'properties'> {
  const { datacenterName: name, datacenterRegion: region, datacenterZone: availableZone, instanceProperties } = config;
  return {
    // Only a complete dataCenterInfo passes the instance rules (and means anything to clients).
    ...(name !== '' && region !== '' && availableZone !== '' ? { dataCenterInfo: { name, region, availableZone } } : {}),
    ...(Object.keys(instanceProperties).length > 0 ? { properties: { ...instanceProperties } } : {}),
  };
}

/**
 * Registers this server as SERVICECENTER with a fresh instance at start, heartbeats it (and
 * registers again when it is gone), unregisters it on stop, and answers `/health` with it.
 */
export class SelfRegistration {
  private instanceId: string | undefined;
  private serviceId: string | undefined;
  private endpoint = '';
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly deps: RegistryDeps,
    private readonly view: InstanceView,
    private readonly alarms: AlarmRegistry,
    private readonly options: SelfRegistrationOptions = {},
  ) {}

  /** Register now and keep the instance alive; failures are logged and retried each beat. */
  async start(endpoint: string): Promise<void> {
    this.endpoint = endpoint;
    await this.register();
    this.timer = setInterval(() => {
      this.beat().catch((err: unknown) => this.deps.log.error({ err }, 'SERVICECENTER heartbeat failed'));
    }, this.options.heartbeatMs ?? 30_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.serviceId && this.instanceId) {
      await revokeInstanceLease(this.deps, DEFAULT_TENANT, this.serviceId, this.instanceId);
    }
    this.instanceId = undefined;
  }

  /** `/health`: SC's own instances, looked up by its key; 400002 while the backend alarm is on. */
  health(): E.Either<ScError, MicroServiceInstance[]> {
    const alarm = this.alarms.active(AlarmIds.BackendConnectionRefuse);
    if (alarm) return E.left(scError(ScCodes.UnhealthyServer, alarm.fields.detail ?? 'backend connection refused'));
    const id = serviceIdByKey(this.deps.store, serviceKeyOf(DEFAULT_TENANT, SELF_SERVICE));
    if (!id) return E.left(scError(ScCodes.ServiceNotExists, 'Service center is not registered.'));
    return E.right(this.view.instances(DEFAULT_TENANT, id).map((i) => i.instance));
  }

  private async register(): Promise<void> {
    const service = await registerService(this.deps, DEFAULT_TENANT, { service: SELF_SERVICE }, { skipQuota: true });
    if (E.isLeft(service)) {
      this.deps.log.error({ err: service.left }, 'registering SERVICECENTER failed; retrying at the next heartbeat');
      return;
    }
    this.serviceId = service.right.serviceId;
    const instance: MicroServiceInstance = {
      hostName: os.hostname().slice(0, 64) || 'localhost',
      status: 'UP',
      endpoints: [this.endpoint],
      healthCheck: { mode: 'push', interval: 30, times: 3 },
      ...placementOf(this.deps.config),
    };
    const r = await registerInstance(this.deps, DEFAULT_TENANT, this.serviceId, instance, { skipQuota: true });
    if (E.isLeft(r)) {
      this.deps.log.error({ err: r.left }, 'registering the SERVICECENTER instance failed; retrying at the next heartbeat');
      return;
    }
    this.instanceId = r.right.instanceId;
    this.deps.log.info({ serviceId: this.serviceId, instanceId: this.instanceId }, 'registered as SERVICECENTER');
  }

  private async beat(): Promise<void> {
    if (!this.serviceId || !this.instanceId) return this.register();
    const r = await renewInstanceLease(this.deps, DEFAULT_TENANT, this.serviceId, this.instanceId);
    if (E.isRight(r)) return;
    if (r.left.code === ScCodes.InstanceNotExists) {
      this.deps.log.warn('the SERVICECENTER instance is gone; registering again');
      this.instanceId = undefined;
      return this.register();
    }
    this.deps.log.warn({ err: r.left }, 'SERVICECENTER heartbeat failed');
  }
}
