import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnServer, waitForListening } from './__tests__/spawn-server';

describe('the service-center binary', () => {
  test('starts with --port/--data-dir/--cluster-name, serves, and stops cleanly on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-bin-'));
    const s = spawnServer(['--port', '0', '--data-dir', dataDir, '--cluster-name', 'binx']);
    try {
      const url = await waitForListening(s);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(s.output()).toContain('"clusterName":"binx"');
      const body = (await (await fetch(`${url}/v4/default/registry/version`)).json()) as Record<string, string>;
      expect(body.apiVersion).toBe('4.0.0');
      s.proc.kill('SIGTERM');
      expect(await s.exited).toBe(0);
      expect(s.output()).toContain('"msg":"stopped"');
    } finally {
      s.proc.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('a bad flag prints one line naming it and exits 2', async () => {
    const s = spawnServer(['--prot', '1']);
    expect(await s.exited).toBe(2);
    expect(s.output().trim()).toBe("service-center: unknown option '--prot' (Did you mean --port?)");
  });

  test('a bad config key exits 2 naming the key', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sc-bin-')), 'c.yaml');
    fs.writeFileSync(file, 'prot: 1\n');
    const s = spawnServer(['--config', file]);
    expect(await s.exited).toBe(2);
    expect(s.output()).toContain("unknown key 'prot'");
    expect(s.output().trim().split('\n')).toHaveLength(1);
  });

  test('a port in use is a clear error', async () => {
    const first = spawnServer(['--port', '0', '--data-dir', fs.mkdtempSync(path.join(os.tmpdir(), 'sc-bin-'))]);
    try {
      const url = await waitForListening(first);
      const port = new URL(url).port;
      const second = spawnServer(['--port', port]);
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      first.proc.kill('SIGKILL');
    }
  });
});
