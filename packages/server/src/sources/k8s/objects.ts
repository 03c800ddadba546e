/**
 * The parts of Kubernetes API objects (as JSON on the wire) the `k8s` source reads. Every
 * field is optional, as the API may omit any of them; names follow the API reference.
 */
export type K8sObjectMeta = Readonly<{
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Readonly<Record<string, string>>;
  annotations?: Readonly<Record<string, string>>;
}>;

export type K8sObject = Readonly<{ apiVersion?: string; kind?: string; metadata?: K8sObjectMeta }>;

export type K8sServicePort = Readonly<{ name?: string; port?: number; targetPort?: number | string; protocol?: string }>;

export type K8sService = K8sObject &
  Readonly<{ spec?: Readonly<{ type?: string; externalName?: string; ports?: readonly K8sServicePort[] }> }>;

export type K8sObjectReference = Readonly<{ kind?: string; namespace?: string; name?: string; uid?: string }>;

export type K8sEndpointAddress = Readonly<{ ip?: string; hostname?: string; nodeName?: string; targetRef?: K8sObjectReference }>;

export type K8sEndpointPort = Readonly<{ name?: string; port?: number; protocol?: string }>;

export type K8sEndpointSubset = Readonly<{
  addresses?: readonly K8sEndpointAddress[];
  notReadyAddresses?: readonly K8sEndpointAddress[];
  ports?: readonly K8sEndpointPort[];
}>;

/** core/v1 Endpoints: named like its Service. */
export type K8sEndpoints = K8sObject & Readonly<{ subsets?: readonly K8sEndpointSubset[] }>;

export type K8sSliceEndpoint = Readonly<{
  addresses?: readonly string[];
  /** `ready` nil means ready (discovery.k8s.io/v1). */
  conditions?: Readonly<{ ready?: boolean | null; serving?: boolean | null; terminating?: boolean | null }>;
  nodeName?: string;
  targetRef?: K8sObjectReference;
}>;

/** discovery.k8s.io/v1 EndpointSlice: tied to its Service by label `kubernetes.io/service-name`. */
export type K8sEndpointSlice = K8sObject &
  Readonly<{ addressType?: string; endpoints?: readonly K8sSliceEndpoint[]; ports?: readonly K8sEndpointPort[] | null }>;

export type K8sPod = K8sObject &
  Readonly<{
    spec?: Readonly<{ nodeName?: string }>;
    status?: Readonly<{ phase?: string; podIP?: string; hostIP?: string }>;
  }>;

export type K8sNode = K8sObject;

/** multicluster.x-k8s.io ServiceExport: named like the Service it exports. */
export type K8sServiceExport = K8sObject;

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** `namespace/name`, or `name` for cluster-scoped objects (client-go's MetaNamespaceKeyFunc). */
export function keyOf(o: K8sObject): string {
  const m = o.metadata ?? {};
  return m.namespace ? `${m.namespace}/${m.name ?? ''}` : (m.name ?? '');
}
