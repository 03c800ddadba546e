import type * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import {
  Account,
  AccountList,
  ClustersResponse,
  DumpResponse,
  ErrorBody,
  MicroService,
  MicroServiceInstance,
  Role,
  RoleList,
  Schema,
  decodeWith,
} from '@service-center/core';
import { ScClientError, scClientError } from '../errors';
import type { FailoverTransport } from '../transport/failover';
import { HttpRequest, HttpResponse, query } from '../transport/fetch-transport';
import {
  AppsResponse,
  GovernServicesResponse,
  ConflictItem,
  ConflictsResponse,
  InstanceIdResponse,
  InstancesResponse,
  SchemasResponse,
  ServiceIdResponse,
  SourceItem,
  SourcesResponse,
  VersionResponse,
} from '@service-center/core';

/** A govern read: one tenant's view, or every cluster's with `global` (our extension). */
export type GovernQuery = Readonly<{
  /** Service-Center's own service too. */
  withShared?: boolean;
  global?: boolean;
}>;

/** `GET …/govern/microservices`: which details to add (`all`, `statistics`, `tags`, …) and the filters. */
export type GovernServicesQuery = GovernQuery &
  Readonly<{
    options?: readonly string[];
    appId?: string;
    serviceName?: string;
    env?: string;
    /** Service properties that must match (`k` alone: an empty value). */
    properties?: Readonly<Record<string, string>>;
    countOnly?: boolean;
  }>;

export type FindQuery = Readonly<{
  appId: string;
  serviceName: string;
  /** Sent as SC clients do; servers from v2.1 ignore it and return every version. */
  version?: string;
  /** Span every cluster of the federation (`global=true`). */
  global?: boolean;
  env?: string;
  /** Consumer service id (`X-ConsumerId`): records the dependency that feeds watches. */
  consumerId?: string;
}>;

/** The answer to a find: the instances and the revision, or "not modified" (304). */
export type FindAnswer =
  | Readonly<{ notModified: false; instances: readonly MicroServiceInstance[]; revision: string | undefined; endpoint: string }>
  | Readonly<{ notModified: true; revision: string | undefined; endpoint: string }>;

/**
 * The v4 routes the SDK and scctl use, typed: one method per route, every body decoded with a
 * core codec, every error answer turned into an ScClientError carrying the SC code.
 */
export class RegistryApi {
  constructor(
    private readonly transport: FailoverTransport,
    readonly project: string = 'default',
  ) {}

  private get base(): string {
    return `/v4/${encodeURIComponent(this.project)}/registry`;
  }

  async registerService(service: MicroService): Promise<string> {
    const body = await this.json(
      { method: 'POST', path: `${this.base}/microservices`, body: { service } },
      ServiceIdResponse,
      'register service',
    );
    return required(body.serviceId, 'serviceId', 'register service');
  }

  async registerInstance(serviceId: string, instance: MicroServiceInstance): Promise<string> {
    const body = await this.json(
      { method: 'POST', path: `${this.base}/microservices/${seg(serviceId)}/instances`, body: { instance } },
      InstanceIdResponse,
      'register instance',
    );
    return required(body.instanceId, 'instanceId', 'register instance');
  }

  async heartbeat(serviceId: string, instanceId: string): Promise<void> {
    await this.empty(
      { method: 'PUT', path: `${this.base}/microservices/${seg(serviceId)}/instances/${seg(instanceId)}/heartbeat` },
      'heartbeat',
    );
  }

  async unregisterInstance(serviceId: string, instanceId: string): Promise<void> {
    await this.empty(
      { method: 'DELETE', path: `${this.base}/microservices/${seg(serviceId)}/instances/${seg(instanceId)}` },
      'unregister instance',
    );
  }

  /** Find instances; with `revision`, a 304 answer means the caller's copy is current. */
  async find(q: FindQuery, revision?: string): Promise<FindAnswer> {
    const path =
      `${this.base}/instances` +
      query({ appId: q.appId, serviceName: q.serviceName, version: q.version, env: q.env, global: q.global ? 'true' : undefined, rev: revision });
    const headers = q.consumerId ? { 'X-ConsumerId': q.consumerId } : undefined;
    const res = await this.transport.send({ method: 'GET', path, headers });
    const rev = res.headers.get('x-resource-revision') ?? undefined;
    if (res.status === 304) return { notModified: true, revision: rev, endpoint: res.endpoint };
    const body = this.decode(res, InstancesResponse, 'find instances');
    return { notModified: false, instances: body.instances ?? [], revision: rev, endpoint: res.endpoint };
  }

  /** The appIds of one environment (`GET …/govern/apps`, go-chassis' GetAllApplications). */
  async applications(q: GovernQuery & Readonly<{ env?: string }> = {}): Promise<readonly string[]> {
    const path = `/v4/${seg(this.project)}/govern/apps` + query({ env: q.env, withShared: flag(q.withShared), global: flag(q.global) });
    return (await this.json({ method: 'GET', path }, AppsResponse, 'get applications')).appIds ?? [];
  }

  /** Services with the details a console shows (`GET …/govern/microservices`). */
  async governServices(q: GovernServicesQuery = {}): Promise<GovernServicesResponse> {
    const params = query({
      options: q.options?.join(','),
      appId: q.appId,
      serviceName: q.serviceName,
      env: q.env,
      withShared: flag(q.withShared),
      countOnly: q.countOnly ? 1 : undefined,
      global: flag(q.global),
    }).slice(1);
    // `property` repeats, one `k:v` each.
    const props = Object.entries(q.properties ?? {}).map(([k, v]) => `property=${encodeURIComponent(v === '' ? k : `${k}:${v}`)}`);
    const parts = [params, ...props].filter((p) => p !== '');
    const path = `/v4/${seg(this.project)}/govern/microservices` + (parts.length > 0 ? `?${parts.join('&')}` : '');
    return this.json({ method: 'GET', path }, GovernServicesResponse, 'get service details');
  }

  async clusters(): Promise<Record<string, readonly string[]>> {
    const body = await this.json({ method: 'GET', path: `/v4/${seg(this.project)}/admin/clusters` }, ClustersResponse, 'get clusters');
    return body.clusters ?? {};
  }

  async dump(): Promise<DumpResponse> {
    return this.json({ method: 'GET', path: `/v4/${seg(this.project)}/admin/dump` }, DumpResponse, 'get dump');
  }

  /**
   * Schemas of a service with their content, in the service's own tenant; `global` also asks
   * the other clusters (a service seen in the dump may live in a peer).
   */
  async schemas(serviceId: string, tenant?: Readonly<{ domain: string; project: string }>, global = true): Promise<readonly Schema[]> {
    const project = tenant?.project ?? this.project;
    const headers = tenant ? { 'X-Domain-Name': tenant.domain } : undefined;
    const body = await this.json(
      {
        method: 'GET',
        path:
          `/v4/${seg(project)}/registry/microservices/${seg(serviceId)}/schemas` +
          query({ withSchema: 1, global: global ? 'true' : undefined }),
        headers,
      },
      SchemasResponse,
      'get schemas',
    );
    return body.schemas ?? [];
  }

  /** `GET /v4/{p}/registry/health`: SC's own instances, or an SC error (400002 when unhealthy). */
  async health(): Promise<readonly MicroServiceInstance[]> {
    const body = await this.json({ method: 'GET', path: `${this.base}/health` }, InstancesResponse, 'health check');
    return body.instances ?? [];
  }

  async version(): Promise<VersionResponse> {
    return this.json({ method: 'GET', path: '/version' }, VersionResponse, 'get version');
  }

  async sources(): Promise<readonly SourceItem[]> {
    const body = await this.json({ method: 'GET', path: `/v4/${seg(this.project)}/admin/sources` }, SourcesResponse, 'get sources');
    return body.sources ?? [];
  }

  async conflicts(): Promise<readonly ConflictItem[]> {
    const body = await this.json({ method: 'GET', path: `/v4/${seg(this.project)}/admin/conflicts` }, ConflictsResponse, 'get conflicts');
    return body.conflicts ?? [];
  }

  /** `GET /v4/accounts` (RBAC): every account, passwords blanked by the server. */
  async accounts(): Promise<readonly Account[]> {
    const body = await this.json({ method: 'GET', path: '/v4/accounts' }, AccountList, 'get accounts');
    return body.data ?? [];
  }

  /** `GET /v4/accounts/{name}` (RBAC). */
  async account(name: string): Promise<Account> {
    return this.json({ method: 'GET', path: `/v4/accounts/${seg(name)}` }, Account, `get account ${name}`);
  }

  /** `GET /v4/roles` (RBAC): every role with its permissions. */
  async roles(): Promise<readonly Role[]> {
    const body = await this.json({ method: 'GET', path: '/v4/roles' }, RoleList, 'get roles');
    return body.data ?? [];
  }

  /** `GET /v4/roles/{name}` (RBAC). */
  async role(name: string): Promise<Role> {
    return this.json({ method: 'GET', path: `/v4/roles/${seg(name)}` }, Role, `get role ${name}`);
  }

  private async json<A, O>(req: HttpRequest, codec: t.Type<A, O, unknown>, what: string): Promise<A> {
    const res = await this.transport.send(req);
    return this.decode(res, codec, what);
  }

  private async empty(req: HttpRequest, what: string): Promise<void> {
    const res = await this.transport.send(req);
    if (res.status < 200 || res.status > 299) throw errorOf(res, what);
  }

  private decode<A, O>(res: HttpResponse, codec: t.Type<A, O, unknown>, what: string): A {
    if (res.status < 200 || res.status > 299) throw errorOf(res, what);
    const parsed = parseJson(res.text);
    const decoded = parsed.ok ? decodeWith(codec, parsed.value) : undefined;
    if (decoded && E.isRight(decoded)) return decoded.right;
    const why = decoded && E.isLeft(decoded) ? decoded.left.detail : parsed.ok ? 'unexpected body' : parsed.error;
    throw new ScClientError({
      kind: 'decode',
      message: `${what}: ${res.endpoint} answered ${res.status} with a body that is not a valid answer (${why})`,
      status: res.status,
      endpoint: res.endpoint,
      detail: why,
    });
  }
}

/** The error for a non-2xx answer: the SC error body when there is one. */
export function errorOf(res: HttpResponse, what: string): ScClientError {
  const parsed = parseJson(res.text);
  if (parsed.ok) {
    const body = decodeWith(ErrorBody, parsed.value);
    if (E.isRight(body)) return scClientError(body.right, res.status, res.endpoint, what);
  }
  const text = res.text.trim().slice(0, 200);
  return new ScClientError({
    kind: 'http',
    message: `${what}: ${res.endpoint} answered HTTP ${res.status}${text ? `: ${text}` : ''}`,
    status: res.status,
    endpoint: res.endpoint,
    detail: text || undefined,
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: `malformed JSON: ${(err as Error).message}` };
  }
}

function required(v: string | undefined, field: string, what: string): string {
  if (v) return v;
  throw new ScClientError({ kind: 'decode', message: `${what}: the answer has no ${field}` });
}

const flag = (b: boolean | undefined): string | undefined => (b ? 'true' : undefined);

function seg(s: string): string {
  return encodeURIComponent(s);
}
