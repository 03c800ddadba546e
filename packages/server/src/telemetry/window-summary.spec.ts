import { Registry } from 'prom-client';
import { WindowSummary } from './window-summary';

describe('WindowSummary', () => {
  test('exact count and sum; p50/p90/p99 over the recent observations of each label set', async () => {
    const registry = new Registry();
    const s = new WindowSummary(registry, 'x_durations_microseconds', 'test', ['api'] as const);
    for (let v = 1; v <= 100; v++) s.observe({ api: 'find' }, v);
    s.observe({ api: 'heartbeat' }, 7);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE x_durations_microseconds summary');
    expect(text).toContain('x_durations_microseconds{quantile="0.5",api="find"} 50');
    expect(text).toContain('x_durations_microseconds{quantile="0.9",api="find"} 90');
    expect(text).toContain('x_durations_microseconds{quantile="0.99",api="find"} 99');
    expect(text).toContain('x_durations_microseconds_sum{api="find"} 5050');
    expect(text).toContain('x_durations_microseconds_count{api="find"} 100');
    expect(text).toContain('x_durations_microseconds_count{api="heartbeat"} 1');
  });

  test('the quantiles follow the last 1,024 observations; count and sum keep everything', async () => {
    const registry = new Registry();
    const s = new WindowSummary(registry, 'y', 'test', ['api'] as const);
    for (let i = 0; i < 5000; i++) s.observe({ api: 'a' }, 1000);
    for (let i = 0; i < 1024; i++) s.observe({ api: 'a' }, 5);
    const text = await registry.metrics();
    expect(text).toContain('y{quantile="0.99",api="a"} 5');
    expect(text).toContain('y_count{api="a"} 6024');
    expect(text).toContain(`y_sum{api="a"} ${5000 * 1000 + 1024 * 5}`);
  });
});
