// HeartbeatSetElement and InstanceHbResult (cari: discovery/types.go).
import { decodeWith } from '../codec/decode';
import { HeartbeatSetElement, InstanceHbResult } from './heartbeat';
import { leftOf, rightOf } from '../__tests__/wire-helpers';

describe('heartbeat codecs', () => {
  test('HeartbeatSetElement', () => {
    expect(rightOf(decodeWith(HeartbeatSetElement, { serviceId: 's', instanceId: 'i', rev: '1' }))).toStrictEqual({
      serviceId: 's',
      instanceId: 'i',
    });
    expect(leftOf(decodeWith(HeartbeatSetElement, { instanceId: 7 })).detail).toBe('instanceId: expected string, got 7');
  });

  test('InstanceHbResult with an error message', () => {
    const r = { serviceId: 's', instanceId: 'i', errMessage: 'Instance does not exist' };
    expect(rightOf(decodeWith(InstanceHbResult, r))).toStrictEqual(r);
  });

  test('InstanceHbResult without an error (success) omits it', () => {
    expect(rightOf(decodeWith(InstanceHbResult, { serviceId: 's', instanceId: 'i', errMessage: null }))).toStrictEqual({
      serviceId: 's',
      instanceId: 'i',
    });
  });
});
