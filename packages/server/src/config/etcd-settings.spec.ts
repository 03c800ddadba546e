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
    [['--etcd-endpoints', 'http://e1:2379,https://e2:2379'], /--etcd-endpoints: invalid value .*: mixes http:\/\/ and https:\/\/ URLs/],
    [['--etcd-endpoints', 'ftp://e1:2379'], /is not an etcd client URL like http:\/\/127\.0\.0\.1:2379 or https:\/\/etcd1:2379/],
    [['--etcd-endpoints', 'http://e1:2379/path'], /is not an etcd client URL/],
  ])('bad endpoints %j are refused, naming the flag', (argv, message) => {
    expect(() => loadConfig(argv as string[], {})).toThrow(ConfigError);
    expect(() => loadConfig(argv as string[], {})).toThrow(message);
  });

  test('https endpoints are accepted', () => {
    expect(loadConfig(['--registry', 'etcd', '--etcd-endpoints', 'https://e1:2379,https://[::1]:2379/'], {}).config.etcdEndpoints).toEqual([
      'https://e1:2379',
      'https://[::1]:2379',
    ]);
  });

  test('TLS files and user: YAML < SC_ETCD_* < flags; no default', () => {
    expect(loadConfig([], {}).config).toMatchObject({ etcdCa: '', etcdCert: '', etcdKey: '', etcdUsername: '', etcdPasswordFile: '' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-config-'));
    try {
      const file = path.join(dir, 'c.yaml');
      fs.writeFileSync(
        file,
        'registry: etcd\netcdEndpoints: https://e1:2379\netcdCa: /y/ca.pem\netcdCert: /y/c.pem\netcdKey: /y/k.pem\n' +
          'etcdUsername: sc\netcdPasswordFile: /y/pw\n',
      );
      expect(loadConfig(['--config', file], {}).config).toMatchObject({
        etcdCa: '/y/ca.pem',
        etcdCert: '/y/c.pem',
        etcdKey: '/y/k.pem',
        etcdUsername: 'sc',
        etcdPasswordFile: '/y/pw',
      });
      const env = { SC_ETCD_CA: '/e/ca.pem', SC_ETCD_CERT: '/e/c.pem', SC_ETCD_KEY: '/e/k.pem', SC_ETCD_USERNAME: 'envuser', SC_ETCD_PASSWORD_FILE: '/e/pw' };
      expect(loadConfig(['--config', file], env).config).toMatchObject({ etcdCa: '/e/ca.pem', etcdCert: '/e/c.pem', etcdUsername: 'envuser', etcdPasswordFile: '/e/pw' });
      expect(loadConfig(['--config', file, '--etcd-ca', '/f/ca.pem', '--etcd-username', 'flaguser', '--etcd-password-file', '/f/pw'], env).config).toMatchObject({
        etcdCa: '/f/ca.pem',
        etcdUsername: 'flaguser',
        etcdPasswordFile: '/f/pw',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('there is no flag for the password itself', () => {
    expect(() => loadConfig(['--etcd-password', 'secret'], {})).toThrow(/unknown option '--etcd-password'/);
  });

  const etcd = ['--registry', 'etcd'];
  const https = [...etcd, '--etcd-endpoints', 'https://e1:2379'];
  test.each([
    [[...https, '--etcd-cert', '/c.pem'], /--etcd-key: not set, but --etcd-cert is/],
    [[...https, '--etcd-key', '/k.pem'], /--etcd-cert: not set, but --etcd-key is/],
    [[...etcd, '--etcd-ca', '/ca.pem'], /--etcd-ca: set, but --etcd-endpoints http:\/\/127\.0\.0\.1:2379 are not https:\/\/ URLs/],
    [[...etcd, '--etcd-cert', '/c.pem', '--etcd-key', '/k.pem'], /--etcd-cert: set, but --etcd-endpoints .* are not https:\/\/ URLs/],
    [[...etcd, '--etcd-username', 'sc'], /--etcd-password-file: not set, but --etcd-username is/],
    [[...etcd, '--etcd-password-file', '/pw'], /--etcd-username: not set, but --etcd-password-file is/],
  ])('%j is refused', (argv, message) => {
    expect(() => loadConfig(argv, {})).toThrow(ConfigError);
    expect(() => loadConfig(argv, {})).toThrow(message);
  });

  test('etcd TLS settings are not checked with the embedded store', () => {
    expect(loadConfig(['--etcd-ca', '/ca.pem'], {}).config.registry).toBe('buildin');
  });
});
