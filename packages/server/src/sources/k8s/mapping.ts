import {
  DEFAULT_TENANT,
  InstanceRecord,
  MicroService,
  MicroServiceInstance,
  ServiceRecord,
  Tenant,
  instanceIdFromUuid,
  serviceIdOf,
  serviceKeyOf,
} from '@service-center/core';
import type {
  K8sEndpointPort,
  K8sEndpointSlice,
  K8sEndpoints,
  K8sNode,
  K8sObject,
  K8sObjectReference,
  K8sPod,
  K8sService,
} from './objects';

/**
 * Kubernetes objects -> Service-Center records, as SC's k8s adaptor maps them
 * (datasource/etcd/sd/k8s/adaptor/: common.go, convertor.go, cacher_*.go). Pure: no client, no
 * clock. Deviations from Service-Center are marked "Beyond SC" and listed in README.md.
 */

/** Every Kubernetes object maps into domain/project `default/default` (SC's common.go GetDomainProject). */
export const K8S_TENANT: Tenant = DEFAULT_TENANT;

export const Labels = { app: 'app', version: 'version', environment: 'environment' } as const;
export const REGISTER_ANNOTATION = 'service-center.servicecomb.io/register';
export const SKIPPED_NAMESPACE = 'kube-system';
export const Defaults = { appId: 'default', version: '0.0.1', environment: '' } as const;

export const NodeLabels = {
  region: 'topology.kubernetes.io/region',
  zone: 'topology.kubernetes.io/zone',
  betaRegion: 'failure-domain.beta.kubernetes.io/region',
  betaZone: 'failure-domain.beta.kubernetes.io/zone',
} as const;

/**
 * Every Service but those of `kube-system` and those annotated `register: "false"`.
 * Beyond SC: with `exported` given (the MCS opt-in), only Services with a ServiceExport.
 */
export function shouldRegister(svc: K8sService, exported?: (namespace: string, name: string) => boolean): boolean {
  const m = svc.metadata ?? {};
  if (!m.name || m.namespace === SKIPPED_NAMESPACE) return false;
  if (m.annotations?.[REGISTER_ANNOTATION] === 'false') return false;
  return exported ? exported(m.namespace ?? '', m.name) : true;
}

/** A resourceVersion as a number (they are etcd revisions in practice; opaque ones give 0). */
export function revisionNumber(rv: string | undefined): number {
  return rv !== undefined && /^\d{1,15}$/.test(rv) ? Number(rv) : 0;
}

/** RFC 3339 -> Unix seconds as text, as SC stores `timestamp`; undefined when absent. */
export function unixSeconds(ts: string | undefined): string | undefined {
  if (!ts) return undefined;
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? undefined : String(Math.floor(ms / 1000));
}

function labelsOf(o: K8sObject): Readonly<Record<string, string>> {
  return o.metadata?.labels ?? {};
}

/** The identity fields a Service maps to (labels read from the Service, not the pods). */
export function serviceIdentityOf(svc: K8sService): { appId: string; serviceName: string; version: string; environment: string } {
  const labels = labelsOf(svc);
  return {
    appId: labels[Labels.app] || Defaults.appId,
    serviceName: svc.metadata?.name ?? '',
    version: labels[Labels.version] || Defaults.version,
    environment: labels[Labels.environment] || Defaults.environment,
  };
}

/** sha1 of `/cse-sr/ms/indexes/default/default/{env}/{app}/{name}/{version}`. */
export function serviceIdOfService(svc: K8sService): string {
  return serviceIdOf(serviceKeyOf(K8S_TENANT, serviceIdentityOf(svc)));
}

/** The microservice of a Service (SC's convertor.go FromK8sService). */
export function microServiceOf(svc: K8sService): MicroService & Readonly<{ serviceId: string }> {
  const id = serviceIdentityOf(svc);
  const ts = unixSeconds(svc.metadata?.creationTimestamp);
  const service: MicroService & { serviceId: string } = {
    serviceId: serviceIdOfService(svc),
    appId: id.appId,
    serviceName: id.serviceName,
    version: id.version,
    level: 'BACK',
    status: 'UP',
    framework: { name: 'Kubernetes' },
    registerBy: 'PLATFORM',
    properties: {
      namespace: svc.metadata?.namespace ?? '',
      type: svc.spec?.type ?? '',
      externalName: svc.spec?.externalName ?? '',
    },
  };
  // Go's omitempty: an empty environment is absent on the wire.
  if (id.environment) service.environment = id.environment;
  if (ts !== undefined) {
    service.timestamp = ts;
    service.modTimestamp = ts;
  }
  return service;
}

export function serviceRecordOf(svc: K8sService, origin: string): ServiceRecord {
  return { origin, rev: revisionNumber(svc.metadata?.resourceVersion), tenant: K8S_TENANT, service: microServiceOf(svc) };
}

/**
 * `rest://ip:port` for TCP (`?sslEnabled=true` for a port named https), else the
 * lowercased protocol as the scheme. Beyond SC: IPv6 addresses are bracketed, so the
 * endpoint is a URI clients can parse.
 */
export function endpointOf(ip: string, port: K8sEndpointPort): string | undefined {
  if (port.port === undefined || port.port === null) return undefined;
  const protocol = (port.protocol || 'TCP').toUpperCase();
  const host = ip.includes(':') ? `[${ip}]` : ip;
  if (protocol !== 'TCP') return `${protocol.toLowerCase()}://${host}:${port.port}`;
  const ssl = (port.name ?? '').toLowerCase() === 'https' ? '?sslEnabled=true' : '';
  return `rest://${host}:${port.port}${ssl}`;
}

/**
 * Region and zone from the node's labels (SC's convertor.go getRegionAZ). Beyond SC:
 * `topology.kubernetes.io/*` first, `failure-domain.beta.kubernetes.io/*` as the fallback. As in
 * SC, no region means no zone.
 */
export function regionZoneOf(node: K8sNode | undefined): { region: string; availableZone: string } {
  const labels = node ? labelsOf(node) : {};
  const region = labels[NodeLabels.region] || labels[NodeLabels.betaRegion] || '';
  if (!region) return { region: '', availableZone: '' };
  return { region, availableZone: labels[NodeLabels.zone] || labels[NodeLabels.betaZone] || '' };
}

/** One ready address of a Service's endpoints, with the ports it serves. */
export type ReadyAddress = Readonly<{ ip: string; targetRef: K8sObjectReference | undefined; ports: readonly K8sEndpointPort[] }>;

/** `subsets[].addresses[]` only: `notReadyAddresses` are ignored, as SC's cacher_instance.go does. */
export function readyAddressesOfEndpoints(ep: K8sEndpoints | undefined): ReadyAddress[] {
  const out: ReadyAddress[] = [];
  for (const subset of ep?.subsets ?? []) {
    for (const a of subset.addresses ?? []) {
      if (a.ip) out.push({ ip: a.ip, targetRef: a.targetRef, ports: subset.ports ?? [] });
    }
  }
  return out;
}

/** The same from EndpointSlices: endpoints whose `conditions.ready` is not false (nil = ready). */
export function readyAddressesOfSlices(slices: Iterable<K8sEndpointSlice>): ReadyAddress[] {
  const out: ReadyAddress[] = [];
  for (const slice of slices) {
    if (slice.addressType === 'FQDN') continue;
    for (const e of slice.endpoints ?? []) {
      if (e.conditions?.ready === false) continue;
      for (const ip of e.addresses ?? []) out.push({ ip, targetRef: e.targetRef, ports: slice.ports ?? [] });
    }
  }
  return out;
}

/** What instances are built from besides the Service and its addresses. */
export type PodLookup = Readonly<{
  /** The pod an address points at: by `targetRef` when it names a pod, else by IP (SC's IP -> pod index). */
  pod(address: ReadyAddress, namespace: string): K8sPod | undefined;
  node(name: string): K8sNode | undefined;
}>;

/** What one Service's instances depended on, so a later change to any of them recomputes it. */
export type InstanceDeps = { pods: Set<string>; ips: Set<string>; nodes: Set<string> };

function podRefKey(ref: K8sObjectReference | undefined, namespace: string): string | undefined {
  if (!ref?.name || (ref.kind !== undefined && ref.kind !== 'Pod')) return undefined;
  return `${ref.namespace || namespace}/${ref.name}`;
}

/**
 * One instance per ready address whose pod is known, Running and on a known node.
 * An instance is keyed by pod uid: a pod reached by several addresses or subsets gets one
 * instance with every endpoint (SC would keep the last subset's). `rev` is the newest
 * resourceVersion among the objects the instance is built from.
 */
export function instanceRecordsOf(
  svc: K8sService,
  addresses: readonly ReadyAddress[],
  addressesRev: number,
  lookup: PodLookup,
  origin: string,
  deps?: InstanceDeps,
): InstanceRecord[] {
  const namespace = svc.metadata?.namespace ?? '';
  const serviceId = serviceIdOfService(svc);
  const version = serviceIdentityOf(svc).version;
  const svcRev = revisionNumber(svc.metadata?.resourceVersion);
  const byId = new Map<string, { record: InstanceRecord; endpoints: string[] }>();
  for (const address of addresses) {
    const refKey = podRefKey(address.targetRef, namespace);
    if (refKey) deps?.pods.add(refKey);
    else deps?.ips.add(address.ip);
    const pod = lookup.pod(address, namespace);
    if (!pod?.metadata?.uid || pod.status?.phase !== 'Running') continue;
    const nodeName = pod.spec?.nodeName ?? '';
    deps?.nodes.add(nodeName);
    const node = nodeName ? lookup.node(nodeName) : undefined;
    if (!node) continue;
    const endpoints = address.ports.map((p) => endpointOf(address.ip, p)).filter((e): e is string => e !== undefined);
    const instanceId = instanceIdFromUuid(pod.metadata.uid);
    const seen = byId.get(instanceId);
    if (seen) {
      for (const e of endpoints) if (!seen.endpoints.includes(e)) seen.endpoints.push(e);
      continue;
    }
    const ts = unixSeconds(pod.metadata.creationTimestamp);
    const instance: MicroServiceInstance & { serviceId: string; instanceId: string } = {
      instanceId,
      serviceId,
      hostName: pod.metadata.name ?? '',
      status: 'UP',
      endpoints,
      version,
      dataCenterInfo: { name: '', ...regionZoneOf(node) },
      properties: { nodeIP: pod.status?.hostIP ?? '' },
    };
    if (ts !== undefined) {
      instance.timestamp = ts;
      instance.modTimestamp = ts;
    }
    const rev = Math.max(
      revisionNumber(pod.metadata.resourceVersion),
      revisionNumber(node.metadata?.resourceVersion),
      svcRev,
      addressesRev,
    );
    byId.set(instanceId, { record: { origin, rev, tenant: K8S_TENANT, instance }, endpoints });
  }
  return [...byId.values()].map((x) => x.record);
}
