import { SourcesResponse, decodeWith } from '@service-center/core';
import * as E from 'fp-ts/Either';
import { sourceRecords, sourceTable } from './sources';

/** What a server with `--aggregate k8s` sends for its Kubernetes source (trimmed to what matters). */
const wire = {
  sources: [
    {
      source: 'sc1/k8s',
      cluster: 'sc1',
      kind: 'k8s',
      health: { status: 'unreachable', lastConfirmed: 1_000 },
      status: 'stale',
      quarantined: false,
      services: 2,
      instances: 3,
      lastConfirmed: new Date(1_000).toISOString(),
      k8s: {
        connected: true,
        synced: true,
        ok: false,
        endpoints: 'endpointslices',
        requireServiceExport: false,
        lastError: 'watch pods: connection refused',
        lastErrorAt: 2_000,
        kinds: [
          { what: 'services', synced: true, ok: true, failures: 0 },
          { what: 'pods', synced: true, ok: false, failures: 2, lastError: 'connection refused' },
        ],
      },
    },
  ],
};

describe('sources table: the Kubernetes source', () => {
  test('core decodes its k8s status, and -o wide shows its connection, failures and last error', () => {
    const decoded = decodeWith(SourcesResponse, wire);
    if (E.isLeft(decoded)) throw new Error(decoded.left.detail);
    const records = sourceRecords(decoded.right.sources ?? []);
    expect(records[0]).toMatchObject({ mode: 'watch endpointslices', errors: 2, lastError: 'watch pods: connection refused' });
    const table = sourceTable(records, true, 61_000);
    expect(table).toContain('watch endpointslices');
    expect(table).toContain('watch pods: connection refused');
  });

  test('a Kubernetes API not reached yet reads disconnected', () => {
    const decoded = decodeWith(SourcesResponse, { sources: [{ ...wire.sources[0], k8s: { connected: false, synced: false, ok: false, kinds: [] } }] });
    if (E.isLeft(decoded)) throw new Error(decoded.left.detail);
    expect(sourceRecords(decoded.right.sources ?? [])[0].mode).toBe('disconnected');
  });
});

describe('sources table: a peer with an account', () => {
  test('-o wide shows our login at the peer, so a refused account is seen at a glance', () => {
    const peer = {
      source: 'sc2/servicecenter',
      cluster: 'sc2',
      kind: 'servicecenter',
      health: { status: 'unreachable', lastConfirmed: 1_000 },
      status: 'stale',
      quarantined: false,
      services: 0,
      instances: 0,
      peer: {
        name: 'sc2',
        urls: ['https://10.0.0.2:30100'],
        mode: 'pull',
        ok: false,
        errors: 3,
        login: 'refused',
        exports: [{ appId: 'shop' }, { appId: 'ops', peers: ['sc2'] }],
        imports: [],
        lastError: { url: 'https://10.0.0.2:30100', reason: 'login refused (401202)' },
      },
    };
    const decoded = decodeWith(SourcesResponse, { sources: [peer] });
    if (E.isLeft(decoded)) throw new Error(decoded.left.detail);
    const records = sourceRecords(decoded.right.sources ?? []);
    expect(records[0].login).toBe('refused');
    const [header, , row] = sourceTable(records, true, 61_000).split('\n');
    const cells = (line: string) => line.split('|').map((c) => c.trim());
    expect(cells(row)[cells(header).indexOf('LOGIN')]).toBe('refused');
    expect(cells(row)[cells(header).indexOf('EXPORT')]).toBe('shop');
    expect(cells(row)[cells(header).indexOf('IMPORT')]).toBe('none');
    expect(sourceTable(records, true, 61_000)).toContain('ops@sc2');
    expect(cells(sourceTable(records, false, 61_000).split('\n')[0])).not.toContain('LOGIN');
  });
});
