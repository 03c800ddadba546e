import { api } from './node';

/** Register a service (idempotent by key) and return its id. */
export async function registerService(base: string, service: Record<string, unknown>): Promise<string> {
  const r = await api(base, 'POST', '/v4/default/registry/microservices', { service });
  if (r.status !== 200) throw new Error(`register service failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.serviceId as string;
}

/** Register an instance and return its id. */
export async function registerInstance(base: string, serviceId: string, instance: Record<string, unknown> = {}): Promise<string> {
  const r = await api(base, 'POST', `/v4/default/registry/microservices/${serviceId}/instances`, {
    instance: { hostName: 'host', endpoints: ['rest://127.0.0.1:8080'], ...instance },
  });
  if (r.status !== 200) throw new Error(`register instance failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.instanceId as string;
}

export type FoundInstance = { instanceId: string; serviceId: string; properties?: Record<string, string> };

/** `GET /registry/instances`; returns status and instances (empty on errors). */
export async function find(
  base: string,
  appId: string,
  serviceName: string,
  global: boolean,
  headers: Record<string, string> = {},
): Promise<{ status: number; instances: FoundInstance[]; errorCode?: string }> {
  const q = `appId=${encodeURIComponent(appId)}&serviceName=${encodeURIComponent(serviceName)}${global ? '&global=true' : ''}`;
  const r = await api(base, 'GET', `/v4/default/registry/instances?${q}`, undefined, headers);
  return { status: r.status, instances: (r.body.instances as FoundInstance[] | undefined) ?? [], errorCode: r.body.errorCode as string | undefined };
}
