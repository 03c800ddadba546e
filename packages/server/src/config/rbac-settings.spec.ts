import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from './load';

describe('RBAC settings', () => {
  test('off by default, as Service-Center; lock released after 15 minutes', () => {
    expect(loadConfig([], {}).config).toMatchObject({
      rbacEnabled: false,
      rbacPrivateKeyFile: '',
      rbacPublicKeyFile: '',
      rbacReleaseLockAfterMs: 15 * 60_000,
      rbacInitRootPassword: '',
    });
  });

  test("YAML rbac section (Service-Center's keys) < SC_RBAC_* < flags", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-config-'));
    try {
      const file = path.join(dir, 'c.yaml');
      fs.writeFileSync(file, 'rbac:\n  enable: true\n  privateKeyFile: /y/p.pem\n  publicKeyFile: /y/q.pem\n  releaseLockAfter: 30m\n');
      expect(loadConfig(['--config', file], {}).config).toMatchObject({
        rbacEnabled: true,
        rbacPrivateKeyFile: '/y/p.pem',
        rbacPublicKeyFile: '/y/q.pem',
        rbacReleaseLockAfterMs: 30 * 60_000,
      });
      const env = { SC_RBAC_ENABLED: 'false', SC_RBAC_PRIVATE_KEY_FILE: '/e/p.pem' };
      expect(loadConfig(['--config', file], env).config).toMatchObject({ rbacEnabled: false, rbacPrivateKeyFile: '/e/p.pem' });
      expect(loadConfig(['--config', file, '--rbac', 'true', '--rbac-release-lock-after', '1h'], env).config).toMatchObject({
        rbacEnabled: true,
        rbacReleaseLockAfterMs: 3_600_000,
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the root password comes from SC_INIT_ROOT_PASSWORD only', () => {
    expect(loadConfig([], { SC_INIT_ROOT_PASSWORD: 'Root_Pass1' }).config.rbacInitRootPassword).toBe('Root_Pass1');
    expect(() => loadConfig(['--rbac-init-root-password', 'x'], {})).toThrow(ConfigError);
  });

  test('one key file without the other is refused, naming the missing one', () => {
    expect(() => loadConfig(['--rbac-private-key', '/k.pem'], {})).toThrow(/--rbac-public-key: not set, but the other RBAC key is/);
    expect(() => loadConfig(['--rbac-public-key', '/k.pem'], {})).toThrow(/--rbac-private-key: not set/);
  });

  test('a release delay that is no duration says how to write one', () => {
    expect(() => loadConfig(['--rbac-release-lock-after', '15'], {})).toThrow(/must be a duration of at least 1s, like 15m or 1h/);
  });
});
