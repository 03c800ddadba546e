import type { ReadyAddress, PodLookup } from './mapping';
import { readyAddressesOfEndpoints, readyAddressesOfSlices, revisionNumber } from './mapping';
import {
  K8sEndpointSlice,
  K8sEndpoints,
  K8sNode,
  K8sPod,
  K8sService,
  SERVICE_NAME_LABEL,
  keyOf,
} from './objects';

/** Read access to one kind's caches (one per watched namespace). */
export type Stores<T> = () => Iterable<ReadonlyMap<string, T>>;

export type EndpointsStores =
  | Readonly<{ kind: 'endpoints'; stores: Stores<K8sEndpoints> }>
  | Readonly<{ kind: 'endpointslices'; stores: Stores<K8sEndpointSlice> }>;

function find<T>(stores: Stores<T>, key: string): T | undefined {
  for (const s of stores()) {
    const o = s.get(key);
    if (o !== undefined) return o;
  }
  return undefined;
}

function* all<T>(stores: Stores<T>): Iterable<T> {
  for (const s of stores()) yield* s.values();
}

/** The Service an EndpointSlice belongs to, as `namespace/name`. */
export function serviceKeyOfSlice(slice: K8sEndpointSlice): string | undefined {
  const name = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
  return name ? `${slice.metadata?.namespace ?? ''}/${name}` : undefined;
}

/**
 * The lookups the mapping needs over the reflectors' caches: Services and Endpoints by key,
 * EndpointSlices by Service, pods by key and by IP (SC's pod index: Pending or Running pods
 * with an IP), nodes by name. The derived indexes follow every change the caches see.
 */
export class K8sIndex implements PodLookup {
  private podsByIp = new Map<string, string>();
  private slicesByService = new Map<string, Set<string>>();

  constructor(
    private readonly services: Stores<K8sService>,
    private readonly endpoints: EndpointsStores,
    private readonly pods: Stores<K8sPod>,
    private readonly nodes: Stores<K8sNode>,
  ) {}

  service(key: string): K8sService | undefined {
    return find(this.services, key);
  }

  allServices(): Iterable<K8sService> {
    return all(this.services);
  }

  pod(address: ReadyAddress, namespace: string): K8sPod | undefined {
    const ref = address.targetRef;
    if (ref?.name && (ref.kind === undefined || ref.kind === 'Pod')) return find(this.pods, `${ref.namespace || namespace}/${ref.name}`);
    const key = this.podsByIp.get(address.ip);
    return key === undefined ? undefined : find(this.pods, key);
  }

  node(name: string): K8sNode | undefined {
    return find(this.nodes, name);
  }

  /** The ready addresses of a Service and the newest revision among the objects they come from. */
  addressesOf(serviceKey: string): { addresses: ReadyAddress[]; rev: number } {
    if (this.endpoints.kind === 'endpoints') {
      const ep = find(this.endpoints.stores, serviceKey);
      return { addresses: readyAddressesOfEndpoints(ep), rev: revisionNumber(ep?.metadata?.resourceVersion) };
    }
    const stores = this.endpoints.stores;
    const slices = [...(this.slicesByService.get(serviceKey) ?? [])]
      .sort()
      .map((k) => find(stores, k))
      .filter((s): s is K8sEndpointSlice => s !== undefined);
    return {
      addresses: readyAddressesOfSlices(slices),
      rev: Math.max(0, ...slices.map((s) => revisionNumber(s.metadata?.resourceVersion))),
    };
  }

  /** Rebuild the pod IP index from the caches (after a pod relist). */
  reindexPods(): void {
    this.podsByIp = new Map();
    for (const p of all(this.pods)) this.notePod(p, undefined);
  }

  /** Follow one pod change in the IP index. */
  notePod(pod: K8sPod | undefined, prev: K8sPod | undefined): void {
    const prevIp = prev?.status?.podIP;
    if (prev && prevIp && this.podsByIp.get(prevIp) === keyOf(prev)) this.podsByIp.delete(prevIp);
    const ip = pod?.status?.podIP;
    const phase = pod?.status?.phase;
    if (pod && ip && (phase === 'Pending' || phase === 'Running')) this.podsByIp.set(ip, keyOf(pod));
  }

  /** Rebuild the slice -> Service index (after a slice relist). */
  reindexSlices(): void {
    this.slicesByService = new Map();
    if (this.endpoints.kind !== 'endpointslices') return;
    for (const s of all(this.endpoints.stores)) this.noteSlice(s, undefined);
  }

  /** Follow one slice change; returns the Services it touched. */
  noteSlice(slice: K8sEndpointSlice | undefined, prev: K8sEndpointSlice | undefined): string[] {
    const touched: string[] = [];
    const prevService = prev && serviceKeyOfSlice(prev);
    if (prev && prevService) {
      this.slicesByService.get(prevService)?.delete(keyOf(prev));
      if (this.slicesByService.get(prevService)?.size === 0) this.slicesByService.delete(prevService);
      touched.push(prevService);
    }
    const service = slice && serviceKeyOfSlice(slice);
    if (slice && service) {
      let set = this.slicesByService.get(service);
      if (!set) this.slicesByService.set(service, (set = new Set()));
      set.add(keyOf(slice));
      if (service !== prevService) touched.push(service);
    }
    return touched;
  }
}
