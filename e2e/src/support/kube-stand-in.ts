import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const DIR = path.join(REPO_ROOT, 'tools/kube-apiserver-stand-in');
const REGISTER = path.join(REPO_ROOT, 'tools/swc-register.cjs');

/** A Kubernetes API object as the fixtures hold it (plain JSON). */
export type KubeObject = {
  kind?: string;
  metadata?: { name?: string; namespace?: string; uid?: string; [k: string]: unknown };
  [k: string]: unknown;
};

/** The objects of a fixture shipped with the stand-in (`tools/kube-apiserver-stand-in/fixtures`). */
export function fixture(name: string): KubeObject[] {
  const doc = JSON.parse(fs.readFileSync(path.join(DIR, 'fixtures', `${name}.json`), 'utf8')) as { items?: KubeObject[] };
  return doc.items ?? [];
}

export function fixtureObject(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const o = objects.find((x) => x.kind === kind && x.metadata?.name === name);
  if (!o) throw new Error(`fixture has no ${kind} ${name}`);
  return o;
}

export type ControlStep =
  | { action: 'apply'; body: KubeObject }
  | { action: 'delete'; body: { kind: string; namespace?: string; name: string } }
  | { action: 'stop-watches' | 'compact' | 'state' };

/**
 * The kube-apiserver stand-in as its own process (the servers under test reach it like a
 * real API, through a kubeconfig), driven over its `/_control/*` API.
 */
export class KubeStandIn {
  private constructor(
    readonly url: string,
    readonly kubeconfig: string,
    private readonly proc: ChildProcess,
  ) {}

  static async start(dir: string, name: string, fixtures: readonly string[], flags: readonly string[] = []): Promise<KubeStandIn> {
    const kubeconfig = path.join(dir, `${name}.kubeconfig.yaml`);
    const args = ['--port', '0', '--fixtures', fixtures.join(','), '--kubeconfig-out', kubeconfig, ...flags];
    const proc = spawn(process.execPath, ['--conditions=@service-center/source', '-r', REGISTER, path.join(DIR, 'src/main.ts'), ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stand-in ${name} did not start: ${out}`)), 20_000);
      const onData = (b: Buffer) => {
        out += b.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`stand-in ${name} exited with ${code}: ${out}`));
      });
    });
    return new KubeStandIn(url, kubeconfig, proc);
  }

  /** Run control steps at once, in order, in the stand-in. */
  async control(...steps: ControlStep[]): Promise<unknown[]> {
    const r = await fetch(`${this.url}/_control/batch`, { method: 'POST', body: JSON.stringify(steps) });
    const body = (await r.json()) as { results?: unknown[]; error?: string };
    if (!r.ok) throw new Error(`stand-in control failed: ${body.error ?? r.status}`);
    return body.results ?? [];
  }

  apply(...objects: KubeObject[]): Promise<unknown[]> {
    return this.control(...objects.map((body) => ({ action: 'apply' as const, body })));
  }

  async state(): Promise<{ resourceVersion: number; watches: number; expired: number }> {
    const [s] = await this.control({ action: 'state' });
    return s as { resourceVersion: number; watches: number; expired: number };
  }

  /** The API goes away (SIGKILL: no goodbye to open watches). */
  async kill(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill('SIGKILL');
    await exited;
  }
}
