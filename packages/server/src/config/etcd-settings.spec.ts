import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from './load';

describe('etcd registry settings', () => {
  test('default: one local etcd', () => {
    expect(loadConfig([], {}).config.etcdEndpoints).toEqual(['http://127.0.0.1:2379']);
  });

  test('YAML list < SC_ETCD_ENDPOINTS < --etcd-endpoints', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-config-'));
    try {
      const file = path.join(dir, 'c.yaml');
      fs.writeFileSync(file, 'registry: etcd\netcdEndpoints:\n  - http://10.0.0.1:2379\n  - http://10.0.0.2:2379/\n');
      expect(loadConfig(['--config', file], {}).config).toMatchObject({
        registry: 'etcd',
        etcdEndpoints: ['http://10.0.0.1:2379', 'http://10.0.0.2:2379'],
      });
      const env = { SC_ETCD_ENDPOINTS: 'http://e1:2379, http://e2:2379' };
      expect(loadConfig(['--config', file], env).config.etcdEndpoints).toEqual(['http://e1:2379', 'http://e2:2379']);
      expect(loadConfig(['--config', file, '--etcd-endpoints', 'http://[::1]:23790'], env).config.etcdEndpoints).toEqual(['http://[::1]:23790']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    [['--etcd-endpoints', ''], /--etcd-endpoints: invalid value '': must list at least one etcd URL/],
    [['--etcd-endpoints', 'https://e1:2379'], /--etcd-endpoints: invalid value .*TLS is not supported yet/],
    [['--etcd-endpoints', 'http://e1:2379/path'], /is not an etcd client URL/],
  ])('bad endpoints %j are refused, naming the flag', (argv, message) => {
    expect(() => loadConfig(argv as string[], {})).toThrow(ConfigError);
    expect(() => loadConfig(argv as string[], {})).toThrow(message);
  });
});
