import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from './load';
import { parsePeerList } from './peers';

describe('peer credentials and the YAML list of peers', () => {
  let dir: string;
  let passwordFile: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-peers-'));
    passwordFile = path.join(dir, 'peer-password');
    fs.writeFileSync(passwordFile, 'Sync-Pass1!\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('--peer-account and --peer-password-file (or SC_PEER_*) apply to every peer', () => {
    const { config } = loadConfig(['--cluster-name', 'sc1', '--clusters', 'sc2=https://b:30100', '--peer-account', 'sync-user'], {
      SC_PEER_PASSWORD_FILE: passwordFile,
    });
    expect(config).toMatchObject({ peerAccount: 'sync-user', peerPasswordFile: passwordFile, clusters: [{ name: 'sc2', urls: ['https://b:30100'] }] });
  });

  test('one without the other, or an unreadable password file, stops the server with what to fix', () => {
    expect(() => loadConfig(['--peer-account', 'sync-user'], {})).toThrow(/--peer-password-file: not set, but --peer-account is/);
    expect(() => loadConfig(['--peer-password-file', passwordFile], {})).toThrow(/--peer-account: not set, but --peer-password-file is/);
    const missing = path.join(dir, 'nope');
    expect(() =>
      loadConfig(['--cluster-name', 'sc1', '--clusters', 'sc2=https://b:30100', '--peer-account', 'u', '--peer-password-file', missing], {}),
    ).toThrow(new ConfigError(`peer 'sc2': cannot read the password file ${missing}; create it (one line, the password of u)`));
  });

  test('YAML items may be mappings that override the account, password file and CA per peer', () => {
    const other = path.join(dir, 'sc3-password');
    fs.writeFileSync(other, 'Other-Pass1!\n');
    const file = path.join(dir, 'config.yaml');
    fs.writeFileSync(
      file,
      [
        'clusterName: sc1',
        'peerAccount: sync-user',
        `peerPasswordFile: ${passwordFile}`,
        'clusters:',
        '  - sc2=https://b:30100,https://b2:30100',
        '  - name: sc3',
        '    endpoints: [https://c:30100/]',
        '    account: sc3-reader',
        `    passwordFile: ${other}`,
        '    ca: /etc/sc/sc3-ca.pem',
      ].join('\n'),
    );
    expect(loadConfig(['--config', file], {}).config.clusters).toEqual([
      { name: 'sc2', urls: ['https://b:30100', 'https://b2:30100'] },
      { name: 'sc3', urls: ['https://c:30100'], account: 'sc3-reader', passwordFile: other, ca: '/etc/sc/sc3-ca.pem' },
    ]);
  });

  test.each([
    [[{ name: 'sc2' }], /peer 'sc2': 'endpoints' must list at least one URL/],
    [[{ name: 'sc2', endpoints: 'ftp://x:1' }], /must start with http/],
    [[{ name: 'sc2', endpoints: 'http://x:1', account: 'u' }], /'account' and 'passwordFile' go together/],
    [[{ name: 'sc2', endpoints: 'http://x:1', token: 't' }], /item 1: unknown key 'token'/],
    [[{ name: 'sc2', endpoints: 'http://x:1' }, 'sc2=http://y:1'], /peer 'sc2' is listed twice/],
    [[42], /item 1: must be name=url text or a mapping/],
  ])('%j is refused', (items, reason) => {
    const r = parsePeerList(items);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});
