// GET /v1/syncer/health (Service-Center's syncer admin resource).
import { decodeJson, decodeWith } from '../codec/decode';
import { SyncerHealthResponse } from './syncer-health';
import { leftOf, rightOf } from '../__tests__/wire-helpers';

describe('SyncerHealthResponse codec', () => {
  const body: SyncerHealthResponse = {
    peers: [
      { name: 'dc2', kind: 'servicecenter', mode: ['stream'], endpoints: ['http://10.12.0.2:30100'], status: 'CONNECTED' },
      { name: 'dc3', kind: 'servicecomb', mode: ['push'], endpoints: ['10.12.0.3:30105'], status: 'ABNORMAL' },
    ],
  };

  test("Service-Center's answer decodes, and encodes back to the same JSON", () => {
    const decoded = rightOf(decodeJson(SyncerHealthResponse, JSON.stringify(body)));
    expect(decoded).toStrictEqual(body);
    expect(JSON.stringify(SyncerHealthResponse.encode(decoded))).toBe(JSON.stringify(body));
  });

  test('unknown fields are dropped when encoding', () => {
    const withExtra = { peers: [{ ...body.peers[0], lag: 3 }] };
    expect(SyncerHealthResponse.encode(withExtra)).toStrictEqual({ peers: [body.peers[0]] });
  });

  test('a status outside the syncer states fails, naming the field', () => {
    const bad = { peers: [{ ...body.peers[0], status: 'UP' }] };
    expect(leftOf(decodeWith(SyncerHealthResponse, bad)).detail).toMatch(/^peers\.0\.status: /);
  });

  test('every peer field is required (Service-Center always writes them)', () => {
    const { mode: _mode, ...noMode } = body.peers[0];
    expect(leftOf(decodeWith(SyncerHealthResponse, { peers: [noMode] })).detail).toMatch(/^peers\.0\.mode: /);
  });
});
