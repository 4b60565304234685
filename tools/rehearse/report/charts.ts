import type { IntervalSample } from '../metrics';
import { phaseWindows, transactionsDueBy, type LoadProfile } from '../profile';
import type { RehearsalReport } from './rehearsal-report';
import { renderLineChart, type ChartBand } from './svg-chart';

/** The report's charts, as inline SVG. */
export interface ReportCharts {
  readonly throughput: string;
  readonly connections: string;
  readonly latency: string;
  readonly errors: string;
}

/**
 * The profile's target rate as a line: exact at every phase boundary (where the rate's slope changes)
 * and sampled between them. What the profile asked for, not what the tool managed to release.
 */
export function targetRateLine(profile: LoadProfile, untilMs: number, samplesPerPhase = 8): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  const rateAt = (ms: number) => {
    const h = 1;
    const from = Math.max(0, ms - h);
    const to = Math.min(profile.durationMs, ms + h);
    return to > from ? ((transactionsDueBy(profile, to) - transactionsDueBy(profile, from)) * 1000) / (to - from) : 0;
  };
  for (const w of phaseWindows(profile)) {
    if (w.endMs <= w.startMs || w.startMs >= untilMs) continue;
    const end = Math.min(w.endMs, untilMs);
    for (let i = 0; i <= samplesPerPhase; i++) {
      const ms = w.startMs + ((end - w.startMs) * i) / samplesPerPhase;
      // Just inside the window, so a step between phases is drawn as a step.
      const inside = Math.min(Math.max(ms, w.startMs + 1), end - 1);
      points.push([ms / 1000, Math.round(rateAt(inside) * 100) / 100]);
    }
  }
  return points;
}

/** Intervals where the tool was saturated, as red bands. */
export function saturationBands(timeline: readonly IntervalSample[]): ChartBand[] {
  return timeline
    .filter((s) => s.tool.saturatedBy.length > 0)
    .map((s) => ({
      label: `tool saturated: ${s.tool.saturatedBy.join('; ')}`,
      fromX: s.startMs / 1000,
      toX: s.endMs / 1000,
      kind: 'alert' as const,
    }));
}

/** The four charts: throughput against the profile's target, connections, latency (log axis), errors. */
export function reportCharts(report: RehearsalReport): ReportCharts {
  const t = report.measurements.timeline;
  const x = (s: { startMs: number; endMs: number }) => (s.startMs + s.endMs) / 2000;
  const bands: ChartBand[] = [
    ...phaseWindows(report.plan.profile)
      .filter((w) => w.startMs < report.elapsedMs)
      .map((w) => ({ label: w.name, fromX: w.startMs / 1000, toX: Math.min(w.endMs, report.elapsedMs) / 1000 })),
    ...saturationBands(t),
  ];
  const throughput = renderLineChart({
    title: "Throughput against the profile's target",
    yLabel: 'transactions per second',
    bands,
    series: [
      { name: 'target (profile)', color: '#555', dashed: true, points: targetRateLine(report.plan.profile, report.elapsedMs) },
      { name: 'completed', color: '#1f77b4', points: t.map((s) => [x(s), s.completedPerSecond]) },
    ],
  });
  const connections = renderLineChart({
    title: 'Client connections',
    yLabel: 'connections',
    bands,
    series: [
      { name: 'target', color: '#555', dashed: true, points: t.map((s) => [x(s), s.targetConnections]) },
      { name: 'open', color: '#2ca02c', points: t.map((s) => [x(s), s.openConnections]) },
    ],
  });
  const threshold = report.plan.thresholds.p99LatencyMs;
  const latency = renderLineChart({
    title: 'Latency percentiles (from when each transaction was due)',
    yLabel: 'milliseconds',
    yScale: 'log',
    bands,
    // Drawn p99 first, then p95 wider on top, then p50: where p95 and p99 meet, p95 still shows.
    series: [
      { name: 'p99', color: '#d62728', width: 1.5, points: t.map((s) => [x(s), s.latency.p99Ms]) },
      { name: 'p95', color: '#ff7f0e', width: 3, points: t.map((s) => [x(s), s.latency.p95Ms]) },
      { name: 'p50', color: '#2ca02c', width: 1.8, points: t.map((s) => [x(s), s.latency.p50Ms]) },
      {
        name: `p99 limit ${threshold} ms`,
        color: '#d62728',
        dashed: true,
        labelAtEnd: true,
        points: t.length
          ? [
              [0, threshold],
              [report.elapsedMs / 1000, threshold],
            ]
          : [],
      },
    ],
  });
  const errors = renderLineChart({
    title: 'Failed transactions and refused connections',
    yLabel: 'per interval',
    bands,
    series: [
      { name: 'failed transactions', color: '#d62728', points: t.map((s) => [x(s), s.failed]) },
      { name: 'refused connections', color: '#9467bd', points: t.map((s) => [x(s), s.refusedConnections]) },
    ],
  });
  return { throughput, connections, latency, errors };
}
