import { RunMetrics } from '../../../tools/rehearse/metrics';
import { SATURATION_LIMITS, saturationReasons, type ToolLoadProbe } from '../../../tools/rehearse/tool-load';

describe('tool saturation', () => {
  test.each([
    [{ eventLoopDelayP99Ms: 3, scheduleSlipMs: 4, cpuPercent: 40 }, []],
    [{ eventLoopDelayP99Ms: 120, scheduleSlipMs: 4, cpuPercent: 40 }, ['event-loop delay p99 120 ms > 50 ms']],
    [{ eventLoopDelayP99Ms: 3, scheduleSlipMs: 250, cpuPercent: 40 }, ['schedule slip 250 ms > 100 ms']],
    [{ eventLoopDelayP99Ms: 3, scheduleSlipMs: 4, cpuPercent: 97 }, ['tool CPU 97 % > 90 % of a core']],
  ])('%j → %j', (reading, reasons) => {
    expect(saturationReasons(reading)).toEqual(reasons);
  });

  test('limits are at the documented values', () => {
    expect(SATURATION_LIMITS).toEqual({ eventLoopDelayP99Ms: 50, scheduleSlipMs: 100, cpuPercent: 90 });
  });

  test("each interval of the time line carries the probe's readings and the longest schedule slip, and is marked when saturated", () => {
    const readings = [
      { eventLoopDelayP99Ms: 2, cpuPercent: 30 },
      { eventLoopDelayP99Ms: 300, cpuPercent: 99 },
    ];
    let reads = 0;
    const probe: ToolLoadProbe = { read: () => readings[reads++] ?? { eventLoopDelayP99Ms: 0, cpuPercent: 0 }, stop: () => undefined };
    const metrics = new RunMetrics({ intervalMs: 1000, statementNames: ['q'], targetBetween: (a, b) => (b - a) / 10, probe });
    const gauges = { phase: 'hold' as const, targetConnections: 2, openConnections: 2 };
    metrics.recordScheduleSlip(7);
    metrics.recordScheduleSlip(3);
    metrics.tick(1000, gauges);
    metrics.recordScheduleSlip(180);
    metrics.recordCompleted('q', 5);
    const m = metrics.finish(2000);
    expect(m.timeline.map((i) => [i.tool.scheduleSlipMs, i.tool.saturatedBy.length, i.targetTransactionsPerSecond])).toEqual([
      [7, 0, 100],
      [180, 3, 100],
    ]);
    expect(m.completed).toEqual({ q: 1 });
  });
});
