import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, helpText, loadConfig } from './load';
import { DEFAULT_CONFIG } from './schema';

function tmpFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-config-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('loadConfig', () => {
  test('defaults: 127.0.0.1:30100, ./data, cluster default, buildin', () => {
    expect(loadConfig([], {}).config).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG).toMatchObject({ host: '127.0.0.1', port: 30100, dataDir: './data', clusterName: 'default', registry: 'buildin' });
  });

  test('flags set every setting', () => {
    const { config } = loadConfig(
      ['--host', '0.0.0.0', '--port', '30111', '--data-dir', '/tmp/x', '--cluster-name', 'sc1', '--registry', 'etcd', '--log-level', 'debug'],
      {},
    );
    expect(config).toEqual({
      ...DEFAULT_CONFIG,
      host: '0.0.0.0',
      port: 30111,
      dataDir: '/tmp/x',
      clusterName: 'sc1',
      registry: 'etcd',
      logLevel: 'debug',
    });
  });

  test('environment variables set settings, flags override them', () => {
    const env = { SC_PORT: '30200', SC_CLUSTER_NAME: 'envname', SC_DATA_DIR: '/d' };
    expect(loadConfig([], env).config).toMatchObject({ port: 30200, clusterName: 'envname', dataDir: '/d' });
    expect(loadConfig(['--port', '30300'], env).config.port).toBe(30300);
  });

  test("Service-Center's own variable names are accepted for the cluster name and registry kind", () => {
    expect(loadConfig([], { REGISTRY_ETCD_CLUSTER_NAME: 'sc2', REGISTRY_KIND: 'etcd' }).config).toMatchObject({
      clusterName: 'sc2',
      registry: 'etcd',
    });
  });

  test('YAML config file < environment < flags', () => {
    const file = tmpFile('c.yaml', 'port: 30400\nclusterName: filename\ndata-dir: /from-file\nlogLevel: warn\n');
    const r = loadConfig(['--config', file], {});
    expect(r.configFile).toBe(file);
    expect(r.config).toMatchObject({ port: 30400, clusterName: 'filename', dataDir: '/from-file', logLevel: 'warn' });
    expect(loadConfig(['--config', file], { SC_PORT: '30401' }).config.port).toBe(30401);
    expect(loadConfig(['--config', file, '--port', '30402'], { SC_PORT: '30401' }).config.port).toBe(30402);
    expect(loadConfig([], { SC_CONFIG: file }).config.clusterName).toBe('filename');
  });

  test('an empty config file means defaults', () => {
    expect(loadConfig(['--config', tmpFile('e.yaml', '')], {}).config).toEqual(DEFAULT_CONFIG);
  });

  test.each([
    [['--bogus'], /unknown option '--bogus'/],
    [['--port', 'abc'], /--port: invalid value 'abc': must be a port number/],
    [['--port', '70000'], /--port: invalid value '70000'/],
    [['--registry', 'mongo'], /--registry: invalid value 'mongo': must be one of buildin, etcd/],
    [['--log-level', 'loud'], /--log-level: invalid value 'loud'/],
    [['--cluster-name', 'a=b'], /--cluster-name: invalid value 'a=b'/],
    [['--cluster-name', ''], /--cluster-name: invalid value ''/],
    [['--port'], /option '--port <value>' argument missing/],
    [['extra'], /too many arguments|unknown command|excess/i],
  ])('bad flags %j give one line naming the flag', (argv, message) => {
    expect(() => loadConfig(argv as string[], {})).toThrow(ConfigError);
    expect(() => loadConfig(argv as string[], {})).toThrow(message);
  });

  test('find ignores version unless --find-version-rules (flag, SC_FIND_VERSION_RULES or findVersionRules) is set', () => {
    expect(DEFAULT_CONFIG.findVersionRules).toBe(false);
    expect(loadConfig(['--find-version-rules', 'true'], {}).config.findVersionRules).toBe(true);
    expect(loadConfig([], { SC_FIND_VERSION_RULES: 'true' }).config.findVersionRules).toBe(true);
    const file = tmpFile('v.yaml', 'findVersionRules: true\n');
    expect(loadConfig(['--config', file], {}).config.findVersionRules).toBe(true);
    expect(loadConfig(['--config', file, '--find-version-rules', 'false'], {}).config.findVersionRules).toBe(false);
  });

  test('a bad environment variable names the variable', () => {
    expect(() => loadConfig([], { SC_PORT: 'x' })).toThrow(/environment variable SC_PORT: invalid value 'x'/);
  });

  test.each([
    ['colour: red\n', /unknown key 'colour'/],
    ['port: [1]\n', /key 'port': must be a string or number/],
    ['port: 123456\n', /key 'port': invalid value '123456'/],
    ['- a\n- b\n', /must be a YAML mapping/],
    ['port: [\n', /not valid YAML/],
  ])('bad config file %j names the key', (text, message) => {
    const file = tmpFile('bad.yaml', text);
    expect(() => loadConfig(['--config', file], {})).toThrow(ConfigError);
    expect(() => loadConfig(['--config', file], {})).toThrow(message);
  });

  test('a missing config file is a clear error', () => {
    expect(() => loadConfig(['--config', '/nonexistent/sc.yaml'], {})).toThrow(/--config \/nonexistent\/sc.yaml: cannot read the file \(ENOENT\)/);
  });

  test('multi-cluster settings: peers, aggregate sources, intervals and the merge policy', () => {
    const { config, warnings } = loadConfig(
      [
        '--cluster-name', 'sc1',
        '--clusters', 'sc2=http://127.0.0.1:30200,http://127.0.0.1:30201,sc3=http://127.0.0.1:30300',
        '--aggregate', 'k8s,servicecenter',
        '--sync-interval', '5',
        '--peer-timeout', '2.5',
        '--peer-stream', 'false',
        '--demote-after', '60',
        '--drop-after', '600',
        '--quarantine-share', '0.9',
        '--quarantine-min', '20',
        '--quarantine-confirmations', '2',
      ],
      {},
    );
    expect(config.clusters).toEqual([
      { name: 'sc2', urls: ['http://127.0.0.1:30200', 'http://127.0.0.1:30201'] },
      { name: 'sc3', urls: ['http://127.0.0.1:30300'] },
    ]);
    expect(config).toMatchObject({
      aggregate: ['k8s', 'servicecenter'],
      syncInterval: 5,
      peerTimeout: 2.5,
      peerStream: false,
      demoteAfter: 60,
      dropAfter: 600,
      quarantineShare: 0.9,
      quarantineMin: 20,
      quarantineConfirmations: 2,
    });
    expect(warnings).toEqual([]);
  });

  test("Service-Center's names: REGISTRY_ETCD_CLUSTER_ENDPOINTS and DISCOVERY_AGGREGATE_MODE; etcd in the mode is the local registry", () => {
    const { config } = loadConfig(['--cluster-name', 'sc1'], {
      REGISTRY_ETCD_CLUSTER_ENDPOINTS: 'sc2=http://10.12.0.2:30100',
      DISCOVERY_AGGREGATE_MODE: 'etcd,servicecenter',
    });
    expect(config.clusters).toEqual([{ name: 'sc2', urls: ['http://10.12.0.2:30100'] }]);
    expect(config.aggregate).toEqual(['servicecenter']);
  });

  test('YAML lists work for clusters and aggregate', () => {
    const file = tmpFile('m.yaml', 'clusterName: sc1\nclusters:\n  - sc2=http://a:1\n  - sc3=http://b:2\naggregate: [k8s, servicecenter]\n');
    const { config } = loadConfig(['--config', file], {});
    expect(config.clusters.map((p) => p.name)).toEqual(['sc2', 'sc3']);
    expect(config.aggregate).toEqual(['k8s', 'servicecenter']);
  });

  test.each([
    [['--cluster-name', 'sc1', '--clusters', 'sc1=http://a:1'], /peer 'sc1' has this server's own name/],
    [['--clusters', 'sc2=http://a:1,sc2=http://b:1'], /--clusters: invalid value .*listed twice/],
    [['--clusters', 'sc2=nope'], /--clusters: invalid value 'sc2=nope': peer 'sc2': 'nope' is not a URL/],
    [['--aggregate', 'consul'], /--aggregate: invalid value 'consul': unknown source 'consul'/],
    [['--quarantine-share', '1.5'], /--quarantine-share: invalid value '1.5'/],
    [['--sync-interval', '0'], /--sync-interval: invalid value '0'/],
    [['--demote-after', '100', '--drop-after', '50'], /--drop-after: 50 must not be less than --demote-after 100/],
  ])('bad multi-cluster settings %j are refused with a clear line', (argv, message) => {
    expect(() => loadConfig(argv as string[], {})).toThrow(message);
  });

  test("peers with the server's name still 'default' give a warning", () => {
    const { warnings } = loadConfig(['--clusters', 'sc2=http://a:1'], {});
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/--cluster-name is still 'default'/);
  });

  test('--help names every default, empty ones included', () => {
    const help = helpText();
    expect(help).not.toMatch(/default\s+\)/);
    expect(help).toMatch(/--tls-cert <value> .*?default\s+empty\)/s);
    expect(help).toMatch(/--clusters <value> .*?default\s+none\)/s);
    expect(help).toMatch(/--etcd-endpoints <value> .*?default\s+http:\/\/127\.0\.0\.1:2379\)/s);
  });
});
