import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from './load';
import { failoverPolicyOf } from '../federation/failover-policy';

describe('failover settings', () => {
  test("off by default (Service-Center's plain finds): minimum 1, every peer by name, ordered", () => {
    const { config } = loadConfig([], {});
    expect(config).toMatchObject({ failoverMode: 'off', failoverMinHealthy: '1', failoverOrder: [], failoverSpill: 'ordered' });
    expect(failoverPolicyOf(config)).toEqual({ mode: 'off', minHealthy: { kind: 'count', count: 1 }, order: [], spill: 'ordered' });
  });

  test('YAML failover section < SC_FAILOVER_* < flags; a share as the minimum', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-config-'));
    try {
      const file = path.join(dir, 'c.yaml');
      fs.writeFileSync(file, 'failover:\n  mode: local-first\n  minHealthy: 30%\n  order: [c, b]\n  spill: all\n');
      const fromFile = loadConfig(['--config', file], {}).config;
      expect(failoverPolicyOf(fromFile)).toEqual({ mode: 'local-first', minHealthy: { kind: 'share', percent: 30 }, order: ['c', 'b'], spill: 'all' });
      const env = { SC_FAILOVER_MIN_HEALTHY: '2', SC_FAILOVER_ORDER: 'b' };
      expect(loadConfig(['--config', file], env).config).toMatchObject({ failoverMinHealthy: '2', failoverOrder: ['b'] });
      expect(loadConfig(['--config', file, '--failover', 'off', '--failover-order', 'x,y,x'], env).config).toMatchObject({
        failoverMode: 'off',
        failoverOrder: ['x', 'y'],
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    [['--failover', 'remote-first'], /--failover.*must be one of off, local-first/],
    [['--failover-min-healthy', '0%'], /share must be in/],
    [['--failover-min-healthy', 'two'], /whole number/],
    [['--failover-order', 'a,b=c'], /'b=c' is not a cluster name/],
    [['--failover-spill', 'some'], /must be one of ordered, all/],
  ])('refuses %j', (argv, message) => {
    expect(() => loadConfig(argv, {})).toThrow(message);
  });
});
