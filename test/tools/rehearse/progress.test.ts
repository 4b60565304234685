import type { LiveFigures } from '../../../tools/rehearse/metrics';
import { formatProgressLine } from '../../../tools/rehearse/progress';

const figures: LiveFigures = {
  elapsedMs: 754_000,
  phase: 'ramp-down',
  completedPerSecond: 12_345,
  targetTransactionsPerSecond: 12_500,
  openConnections: 4_000,
  targetConnections: 4_000,
  latency: { count: 9000, p50Ms: 12.3, p95Ms: 180.4, p99Ms: 1234.5, maxMs: 4000 },
  failed: 123_456,
  refusedConnections: 7_890,
  toolSaturated: true,
};

describe('the progress line', () => {
  test.each([200, 120, 100, 80, 60, 45])('fits %p columns and always keeps elapsed/total, p99, failed and refused', (columns) => {
    const line = formatProgressLine(figures, 1_200_000, columns);
    expect(line.length).toBeLessThanOrEqual(columns - 1);
    expect(line).toContain('12:34/20:00');
    expect(line).toMatch(/p99 1235/);
    expect(line).toMatch(/(failed |fail |F)123456/);
    expect(line).toMatch(/(refused |ref |R)7890/);
  });

  test('in 80 columns it drops the least useful fields first, and keeps the rate and connections', () => {
    const line = formatProgressLine(figures, 1_200_000, 80);
    expect(line).toContain('12345/12500');
    expect(line).not.toContain('p50');
    expect(line).not.toContain('[');
  });

  test('a wide terminal shows everything, with a bar', () => {
    const line = formatProgressLine(figures, 1_200_000, 200);
    expect(line).toBe(
      '[##########......] 12:34/20:00 | ramp-down | 12345/12500 tps | conns 4000/4000 | p50 12.3 | p95 180 | p99 1235 ms | failed 123456 | refused 7890 | TOOL SATURATED',
    );
  });
});
