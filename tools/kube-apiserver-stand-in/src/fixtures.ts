import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KubeObject } from './stand-in';

/** The fixtures shipped next to the stand-in (written from the Kubernetes API reference). */
export const FIXTURES_DIR = path.resolve(__dirname, '../fixtures');

/** The objects of a fixture file: a `v1 List` or one object. */
export function loadFixture(nameOrPath: string): KubeObject[] {
  const file = path.isAbsolute(nameOrPath) ? nameOrPath : path.join(FIXTURES_DIR, nameOrPath.endsWith('.json') ? nameOrPath : `${nameOrPath}.json`);
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as KubeObject & { items?: KubeObject[] };
  return doc.kind === 'List' ? (doc.items ?? []) : [doc];
}

/** A kubeconfig for a plain-HTTP stand-in (client-node needs `insecure-skip-tls-verify` for http://). */
export function kubeconfigFor(url: string, name = 'stand-in'): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${name}`,
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: ${url}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    `- name: ${name}`,
    '  user:',
    '    token: stand-in-token',
    'contexts:',
    `- name: ${name}`,
    '  context:',
    `    cluster: ${name}`,
    `    user: ${name}`,
    '',
  ].join('\n');
}
