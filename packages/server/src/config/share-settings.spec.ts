import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from './load';
import { DEFAULT_CONFIG } from './schema';
import { planReload } from './reload-plan';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function withFile(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'share-settings-'));
  dirs.push(dir);
  const file = path.join(dir, 'sc.yaml');
  fs.writeFileSync(file, text);
  return file;
}

describe('exports and imports settings', () => {
  test('--export-apps / --import-apps: whole apps for every peer; default: everything', () => {
    expect(loadConfig([], {}).config.exports).toEqual([]);
    const { config } = loadConfig(['--export-apps', 'shop, ops,shop', '--import-apps', 'pay'], {});
    expect(config.exports).toEqual([{ appId: 'shop' }, { appId: 'ops' }]);
    expect(config.imports).toEqual([{ appId: 'pay' }]);
    expect(loadConfig([], { SC_EXPORT_APPS: 'a' }).config.exports).toEqual([{ appId: 'a' }]);
  });

  test('YAML lists take appIds and mappings with environment, serviceName and peers', () => {
    const file = withFile(
      ['exports:', '  - shop', '  - {appId: ops, environment: production, serviceName: probe, peers: [sc2]}', 'imports:', '  - {appId: pay, peers: [sc3]}'].join('\n'),
    );
    const { config } = loadConfig(['--config', file], {});
    expect(config.exports).toEqual([{ appId: 'shop' }, { appId: 'ops', environment: 'production', serviceName: 'probe', peers: ['sc2'] }]);
    expect(config.imports).toEqual([{ appId: 'pay', peers: ['sc3'] }]);
  });

  test.each([
    ['exports:\n  - {appId: a, peer: [x]}\n', /item 1: unknown key 'peer'/],
    ['exports:\n  - {serviceName: a}\n', /item 1/],
    ['imports:\n  - {appId: a, peers: []}\n', /'peers' must name at least one peer/],
    ['exports:\n  - [a]\n', /must be an appId or a mapping/],
  ])('%j is refused', (text, message) => {
    expect(() => loadConfig(['--config', withFile(text)], {})).toThrow(ConfigError);
    expect(() => loadConfig(['--config', withFile(text)], {})).toThrow(message);
  });
});

describe('planReload', () => {
  test('live settings are taken; the others keep their running values and are named', () => {
    const next = { ...DEFAULT_CONFIG, exports: [{ appId: 'a' }], port: 1234, dataDir: '/elsewhere', clusters: [{ name: 'p', urls: ['http://x:1'] }] };
    const plan = planReload(DEFAULT_CONFIG, next);
    expect(plan.kept).toEqual(['port', 'data-dir']);
    expect(plan.next.port).toBe(DEFAULT_CONFIG.port);
    expect(plan.next.dataDir).toBe(DEFAULT_CONFIG.dataDir);
    expect(plan.next.exports).toEqual([{ appId: 'a' }]);
    expect(plan.next.clusters).toEqual(next.clusters);
    expect(planReload(DEFAULT_CONFIG, DEFAULT_CONFIG).kept).toEqual([]);
  });
});
