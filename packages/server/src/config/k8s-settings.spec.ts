import { ConfigError, loadConfig } from './load';

describe('k8s source settings', () => {
  test('defaults: in-cluster config, all namespaces, every Service', () => {
    expect(loadConfig([], {}).config).toMatchObject({ kubeconfig: '', k8sNamespaces: [], k8sRequireServiceExport: false });
  });

  test("Service-Center's environment variables, and flags over them", () => {
    const env = { KUBERNETES_CONFIG_PATH: '/etc/kube/config', KUBERNETES_NAMESPACE: 'shop', SC_K8S_REQUIRE_SERVICE_EXPORT: 'true' };
    expect(loadConfig([], env).config).toMatchObject({ kubeconfig: '/etc/kube/config', k8sNamespaces: ['shop'], k8sRequireServiceExport: true });
    const flags = ['--kubeconfig', '/tmp/kc', '--k8s-namespace', 'a, b,a', '--k8s-require-service-export', 'false'];
    expect(loadConfig(flags, env).config).toMatchObject({ kubeconfig: '/tmp/kc', k8sNamespaces: ['a', 'b'], k8sRequireServiceExport: false });
  });

  test('a namespace that is not a Kubernetes name is refused, naming the variable', () => {
    expect(() => loadConfig([], { KUBERNETES_NAMESPACE: 'Shop_1' })).toThrow(ConfigError);
    expect(() => loadConfig([], { KUBERNETES_NAMESPACE: 'Shop_1' })).toThrow(/KUBERNETES_NAMESPACE.*not a Kubernetes namespace/);
  });
});
