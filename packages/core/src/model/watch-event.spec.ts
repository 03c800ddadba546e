// Watcher websocket text frames (SC's server/pubsub/ws/): {action, key, instance}.
import { decodeJson, decodeWith } from '../codec/decode';
import { WatchAction, WatchEvent } from './watch-event';
import { leftOf, rightOf } from '../__tests__/wire-helpers';

const FRAME = `{"action":"UPDATE",
 "key":{"tenant":"default/default","environment":"","appId":"app","serviceName":"svc","alias":"a","version":"1.0.0"},
 "instance":{"instanceId":"i","serviceId":"s","endpoints":["rest://127.0.0.1:8080"],"hostName":"h","status":"UP",
  "healthCheck":{"mode":"push","interval":30,"times":3},"timestamp":"1","modTimestamp":"2","version":"1.0.0","properties":{"a":"b"}}}`;

describe('WatchEvent codec', () => {
  test('decodes an SC v2.2.0 frame', () => {
    const e = rightOf(decodeJson(WatchEvent, FRAME));
    expect(e.action).toBe('UPDATE');
    expect(e.key).toStrictEqual({ tenant: 'default/default', environment: '', appId: 'app', serviceName: 'svc', alias: 'a', version: '1.0.0' });
    expect(e.instance?.healthCheck).toStrictEqual({ mode: 'push', interval: 30, times: 3 });
    expect(JSON.parse(JSON.stringify(WatchEvent.encode(e)))).toEqual(JSON.parse(FRAME));
  });

  test.each(['CREATE', 'UPDATE', 'DELETE', 'EXPIRE', 'INIT', 'RESYNC'])('action %s is known', (action) => {
    expect(rightOf(decodeWith(WatchEvent, { action }))).toStrictEqual({ action });
    expect(WatchAction.is(action)).toBe(true);
  });

  test("the server's RESYNC frame (a watcher fell behind) decodes with its provider key", () => {
    const e = rightOf(decodeJson(WatchEvent, '{"action":"RESYNC","key":{"tenant":"default/default","appId":"app","serviceName":"svc"},"instance":{}}'));
    expect(e).toStrictEqual({ action: 'RESYNC', key: { tenant: 'default/default', appId: 'app', serviceName: 'svc' }, instance: {} });
  });

  test.each<[unknown, string]>([
    [{}, 'action: expected WatchAction, got nothing'],
    [{ action: 'create' }, 'action: expected WatchAction, got "create"'],
    [{ action: 'DELETE', instance: { endpoints: [1] } }, 'instance.endpoints.0: expected string, got 1'],
  ])('%p -> 400001 naming the field', (input, detail) => {
    expect(leftOf(decodeWith(WatchEvent, input)).detail).toBe(detail);
  });

  test('the inner "response" field of SC is not part of the frame', () => {
    expect(rightOf(decodeWith(WatchEvent, { action: 'DELETE', response: { code: 0 } }))).toStrictEqual({ action: 'DELETE' });
  });

  test('a plain-text frame such as "service does not exist" is malformed JSON', () => {
    expect(leftOf(decodeJson(WatchEvent, 'service does not exist')).code).toBe(400001);
  });
});
