/** The kinds the stand-in serves, as the Kubernetes API names and groups them. */
export type Resource = Readonly<{
  kind: string;
  apiVersion: string;
  /** URL prefix of the group/version: `/api/v1` or `/apis/<group>/<version>`. */
  base: string;
  plural: string;
  namespaced: boolean;
}>;

export const RESOURCES: readonly Resource[] = [
  { kind: 'Service', apiVersion: 'v1', base: '/api/v1', plural: 'services', namespaced: true },
  { kind: 'Endpoints', apiVersion: 'v1', base: '/api/v1', plural: 'endpoints', namespaced: true },
  { kind: 'Pod', apiVersion: 'v1', base: '/api/v1', plural: 'pods', namespaced: true },
  { kind: 'Node', apiVersion: 'v1', base: '/api/v1', plural: 'nodes', namespaced: false },
  { kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', base: '/apis/discovery.k8s.io/v1', plural: 'endpointslices', namespaced: true },
  {
    kind: 'ServiceExport',
    apiVersion: 'multicluster.x-k8s.io/v1alpha1',
    base: '/apis/multicluster.x-k8s.io/v1alpha1',
    plural: 'serviceexports',
    namespaced: true,
  },
];

export function resourceOfKind(kind: string): Resource | undefined {
  return RESOURCES.find((r) => r.kind === kind);
}

/** `{kind: 'APIResourceList'}` of one group/version, as discovery serves it. */
export function apiResourceList(groupVersion: string, resources: readonly Resource[]) {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: resources.map((r) => ({
      name: r.plural,
      singularName: r.kind.toLowerCase(),
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: ['get', 'list', 'watch'],
    })),
  };
}

/** A `Status` failure body (meta/v1 Status). */
export function statusBody(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}
