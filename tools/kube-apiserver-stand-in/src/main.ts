import * as fs from 'node:fs';
import { kubeconfigFor, loadFixture } from './fixtures';
import { KubeApiStandIn } from './stand-in';

/**
 * Run the stand-in on its own:
 *   node --conditions=@service-center/source -r ./tools/swc-register.cjs \
 *     tools/kube-apiserver-stand-in/src/main.ts --port 18001 --fixtures cluster-1
 * Options: --kubeconfig-out FILE (a kubeconfig for it), --endpoint-slices false, --service-exports false (an API without those groups).
 * Drive it with POST /_control/apply|delete|stop-watches|compact|state|batch.
 */
async function main(argv: readonly string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const objects = (arg('fixtures') ?? '').split(',').filter((x) => x !== '').flatMap((f) => loadFixture(f));
  const standIn = await KubeApiStandIn.start({
    port: Number(arg('port') ?? '0'),
    objects,
    endpointSlices: arg('endpoint-slices') !== 'false',
    serviceExports: arg('service-exports') !== 'false',
  });
  const kubeconfig = arg('kubeconfig-out');
  if (kubeconfig) fs.writeFileSync(kubeconfig, kubeconfigFor(standIn.url));
  process.stdout.write(`kube-apiserver stand-in listening on ${standIn.url}\n`);
  const stop = () => void standIn.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main(process.argv.slice(2));
