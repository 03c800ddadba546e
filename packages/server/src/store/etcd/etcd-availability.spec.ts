import { Writable } from 'node:stream';
import * as E from 'fp-ts/Either';
import { EtcdLeaseInvalidError, GRPCDeadlineExceededError, GRPCUnavailableError } from 'etcd3';
import pino from 'pino';
import { DEFAULT_CONFIG } from '../../config/schema';
import { storeCall } from '../../registry/txn';
import type { RegistryDeps } from '../../registry/deps';
import { StoreUnavailable } from '../store-unavailable';
import { EtcdAvailability, isOutage } from './etcd-availability';

function capture() {
  const lines: { level: number; msg: string; downMs?: number; failedCalls?: number; call?: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n')) if (l !== '') lines.push(JSON.parse(l) as (typeof lines)[number]);
      done();
    },
  });
  return { lines, log: pino({ level: 'info' }, sink) };
}

const flush = () => new Promise<void>((r) => setImmediate(r));
const plain = (e: unknown) => new Error(`etcd transaction failed: ${(e as Error).message}`);

describe('EtcdAvailability', () => {
  test('an outage logs one error line however many calls fail, and its end one info line', async () => {
    const { lines, log } = capture();
    let now = 1000;
    const availability = new EtcdAvailability(log, ['http://a:2379', 'http://b:2379'], () => now);
    const errors = [1, 2, 3].map(() => availability.failed(new GRPCUnavailableError('14 UNAVAILABLE: no connection'), 'transaction', plain));
    now = 4500;
    availability.succeeded();
    availability.succeeded();
    await flush();
    expect(errors.every((e) => e instanceof StoreUnavailable)).toBe(true);
    expect(errors[0].message).toBe('etcd is unavailable: etcd transaction failed: 14 UNAVAILABLE: no connection');
    expect(lines.map((l) => [l.level, l.msg.split(':')[0]])).toEqual([
      [50, 'etcd is unavailable (no quorum or no member reachable)'],
      [30, 'etcd is available again'],
    ]);
    expect(lines[0].call).toBe('transaction');
    expect(lines[1]).toMatchObject({ downMs: 3500, failedCalls: 3 });
    expect(availability.available()).toBe(true);
  });

  test('an error that is not an outage passes through and changes nothing', async () => {
    const { lines, log } = capture();
    const availability = new EtcdAvailability(log, ['http://a:2379']);
    const err = availability.failed(new EtcdLeaseInvalidError('etcdserver: requested lease not found'), 'transaction', plain);
    await flush();
    expect(err).not.toBeInstanceOf(StoreUnavailable);
    expect(availability.available()).toBe(true);
    expect(lines).toEqual([]);
  });

  test.each([
    ['gRPC unavailable', new GRPCUnavailableError('14 UNAVAILABLE'), true],
    ['a deadline', new GRPCDeadlineExceededError('4 DEADLINE_EXCEEDED'), true],
    ['no leader', new Error('etcdserver: no leader'), true],
    ['a lease not found', new EtcdLeaseInvalidError('etcdserver: requested lease not found'), false],
    ['a bug', new TypeError('x is undefined'), false],
  ])('isOutage: %s', (_name, err, expected) => {
    expect(isOutage(err)).toBe(expected);
  });
});

describe('storeCall', () => {
  test('a StoreUnavailable becomes 500011 without a log line of its own; another failure is logged', async () => {
    const { lines, log } = capture();
    const deps = { log, config: DEFAULT_CONFIG } as unknown as RegistryDeps;
    const down = await storeCall(deps, 'put instance', () => Promise.reject(new StoreUnavailable('etcd is unavailable: x')));
    expect(E.isLeft(down) && [down.left.code, down.left.detail]).toEqual([500011, 'put instance failed: etcd is unavailable: x']);
    const broken = await storeCall(deps, 'put instance', () => Promise.reject(new Error('disk on fire')));
    expect(E.isLeft(broken) && broken.left.code).toBe(500011);
    await flush();
    expect(lines.map((l) => l.msg)).toEqual(['store call failed: put instance']);
  });
});
