import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from './load';

describe('TLS settings', () => {
  test('default: plain HTTP', () => {
    expect(loadConfig([], {}).config).toMatchObject({ tlsCert: '', tlsKey: '', tlsCa: '', tlsVerifyClient: false, tlsMinVersion: 'TLSv1.2' });
  });

  test('YAML tls section < SC_TLS_* < flags', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-config-'));
    try {
      const file = path.join(dir, 'c.yaml');
      fs.writeFileSync(file, 'tls:\n  cert: /y/c.pem\n  key: /y/k.pem\n  ca: /y/ca.pem\n  verifyClient: true\n  minVersion: TLSv1.3\n');
      expect(loadConfig(['--config', file], {}).config).toMatchObject({
        tlsCert: '/y/c.pem',
        tlsKey: '/y/k.pem',
        tlsCa: '/y/ca.pem',
        tlsVerifyClient: true,
        tlsMinVersion: 'TLSv1.3',
      });
      const env = { SC_TLS_CERT: '/e/c.pem', SC_TLS_VERIFY_CLIENT: 'false' };
      expect(loadConfig(['--config', file], env).config).toMatchObject({ tlsCert: '/e/c.pem', tlsVerifyClient: false });
      expect(loadConfig(['--config', file, '--tls-cert', '/f/c.pem'], env).config.tlsCert).toBe('/f/c.pem');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("SSL_ROOT is Service-Center's layout; flags and SC_TLS_* win", () => {
    expect(loadConfig([], { SSL_ROOT: '/ssl' }).config).toMatchObject({
      tlsCa: '/ssl/trust.cer',
      tlsCert: '/ssl/server.cer',
      tlsKey: '/ssl/server_key.pem',
    });
    expect(loadConfig(['--tls-cert', '/f/c.pem'], { SSL_ROOT: '/ssl', SC_TLS_CA: '/e/ca.pem' }).config).toMatchObject({
      tlsCa: '/e/ca.pem',
      tlsCert: '/f/c.pem',
      tlsKey: '/ssl/server_key.pem',
    });
  });

  test.each([
    [['--tls-cert', '/c.pem'], /--tls-key: not set, but --tls-cert is/],
    [['--tls-key', '/k.pem'], /--tls-cert: not set, but --tls-key is/],
    [['--tls-cert', '/c.pem', '--tls-key', '/k.pem', '--tls-verify-client', 'true'], /--tls-verify-client: needs .*--tls-ca/],
    [['--tls-min-version', 'TLSv1.1'], /--tls-min-version: invalid value 'TLSv1.1': must be one of TLSv1.2, TLSv1.3/],
  ])('%j is refused', (argv, message) => {
    expect(() => loadConfig(argv, {})).toThrow(ConfigError);
    expect(() => loadConfig(argv, {})).toThrow(message);
  });
});
