import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, helpText, loadConfig } from './load';
import { spawnServer } from '../__tests__/spawn-server';

function tmpFile(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sc-config-')), 'c.yaml');
  fs.writeFileSync(file, text);
  return file;
}

const ZONE_FLAGS = ['--datacenter-name', 'dc1', '--datacenter-region', 'cn-north-1', '--datacenter-zone', 'cn-north-1a'];

describe("the server's own instance: datacenter and properties settings", () => {
  test('defaults: no datacenter, no properties', () => {
    expect(loadConfig([], {}).config).toMatchObject({ datacenterName: '', datacenterRegion: '', datacenterZone: '', instanceProperties: {} });
  });

  test('flags set all four', () => {
    const { config } = loadConfig([...ZONE_FLAGS, '--instance-properties', 'engine=blue, rack = r1,empty=,'], {});
    expect(config).toMatchObject({ datacenterName: 'dc1', datacenterRegion: 'cn-north-1', datacenterZone: 'cn-north-1a' });
    expect(config.instanceProperties).toEqual({ engine: 'blue', rack: 'r1', empty: '' });
  });

  test('environment variables, and flags over them', () => {
    const env = { SC_DATACENTER_NAME: 'dc1', SC_DATACENTER_REGION: 'r1', SC_DATACENTER_ZONE: 'z1', SC_INSTANCE_PROPERTIES: 'a=1' };
    expect(loadConfig([], env).config).toMatchObject({ datacenterName: 'dc1', datacenterRegion: 'r1', datacenterZone: 'z1', instanceProperties: { a: '1' } });
    expect(loadConfig(['--datacenter-zone', 'z2', '--instance-properties', 'b=2'], env).config).toMatchObject({
      datacenterZone: 'z2',
      instanceProperties: { b: '2' },
    });
  });

  test("YAML: Service-Center's nested datacenter section, properties as a map or as the flag's text", () => {
    const asMap = tmpFile('datacenter:\n  name: dc1\n  region: cn-north-1\n  availableZone: cn-north-1a\ninstanceProperties:\n  engine: blue\n  weight: 3\n  note: "a,b=c"\n');
    expect(loadConfig(['--config', asMap], {}).config).toMatchObject({
      datacenterName: 'dc1',
      datacenterRegion: 'cn-north-1',
      datacenterZone: 'cn-north-1a',
      // A map value may hold what the flag form cannot: ',' and '='.
      instanceProperties: { engine: 'blue', weight: '3', note: 'a,b=c' },
    });
    const asText = tmpFile('instanceProperties: engine=blue,rack=r1\n');
    expect(loadConfig(['--config', asText], {}).config.instanceProperties).toEqual({ engine: 'blue', rack: 'r1' });
    expect(loadConfig(['--config', asMap], { SC_DATACENTER_ZONE: 'z9' }).config.datacenterZone).toBe('z9');
  });

  test.each([
    [['--instance-properties', 'engine'], /^--instance-properties: invalid value 'engine': 'engine' is not key=value/],
    [['--instance-properties', 'a=1,=2'], /^--instance-properties: invalid value 'a=1,=2': property name '' must be/],
    [['--instance-properties', 'a=1,a=2'], /^--instance-properties: invalid value 'a=1,a=2': property 'a' is given twice/],
    [['--instance-properties', 'x-sc-stale=true'], /^--instance-properties: .*property 'x-sc-stale' is reserved/],
    [['--datacenter-name', 'dc 1', '--datacenter-region', 'r', '--datacenter-zone', 'z'], /^--datacenter-name: invalid value 'dc 1': must be 1-128 letters/],
    [['--datacenter-name', 'dc1', '--datacenter-region', 'r1'], /^--datacenter-zone: not set, but the other datacenter settings are/],
    [['--datacenter-zone', 'z1'], /^--datacenter-name: not set/],
  ])('%j is refused with one line naming the setting', (argv, message) => {
    expect(() => loadConfig(argv, {})).toThrow(ConfigError);
    expect(() => loadConfig(argv, {})).toThrow(message);
  });

  test('a bad environment variable names the variable', () => {
    expect(() => loadConfig([], { SC_INSTANCE_PROPERTIES: 'novalue' })).toThrow(/^environment variable SC_INSTANCE_PROPERTIES: invalid value 'novalue'/);
  });

  test.each([
    ['datacenter:\n  zone: z1\n', /unknown key 'datacenter.zone' \(known keys: .*datacenter.availableZone/],
    ['datacenter: dc1\n', /key 'datacenter': must be a mapping of datacenter.name, datacenter.region, datacenter.availableZone/],
    ['datacenter:\n  name:\n    x: 1\n', /key 'datacenter.name': must be a string or number/],
    ['instanceProperties:\n  a:\n    b: c\n', /key 'instanceProperties': key 'a': must be a string or number/],
    ['instanceProperties:\n  x-sc-origin-cluster: sc9\n', /key 'instanceProperties': property 'x-sc-origin-cluster' is reserved/],
  ])('bad config file %j names the key', (text, message) => {
    const file = tmpFile(text);
    expect(() => loadConfig(['--config', file], {})).toThrow(ConfigError);
    expect(() => loadConfig(['--config', file], {})).toThrow(message);
  });

  test('--help lists the settings with their variables and defaults', () => {
    const help = helpText().replace(/\s+/g, ' ');
    expect(help).toContain('--datacenter-zone <value> availability zone');
    expect(help).toContain("--instance-properties <value> properties of this server's own instance: k=v,k2=v2 (env SC_INSTANCE_PROPERTIES, default none)");
  });

  test('the binary exits 2 with one line for bad properties text', async () => {
    const s = spawnServer(['--instance-properties', 'engine'], { SC_CONFIG: '' });
    expect(await s.exited).toBe(2);
    expect(s.output().trim().split('\n')).toEqual([
      "service-center: --instance-properties: invalid value 'engine': 'engine' is not key=value (expected e.g. engine=blue,rack=r1)",
    ]);
  });
});
