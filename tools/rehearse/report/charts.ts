import { phaseWindows } from '../profile';
import type { RehearsalReport } from './rehearsal-report';
import { renderLineChart, type ChartBand } from './svg-chart';

/** The report's three charts, as inline SVG: throughput and connections, latency percentiles, errors. */
export function reportCharts(report: RehearsalReport): { throughput: string; latency: string; errors: string } {
  const t = report.measurements.timeline;
  const x = (s: { startMs: number; endMs: number }) => (s.startMs + s.endMs) / 2000;
  const bands: ChartBand[] = phaseWindows(report.plan.profile)
    .filter((w) => w.startMs < report.elapsedMs)
    .map((w) => ({ label: w.name, fromX: w.startMs / 1000, toX: Math.min(w.endMs, report.elapsedMs) / 1000 }));
  const throughput = renderLineChart({
    title: 'Throughput and connections',
    yLabel: 'per second / connections',
    bands,
    series: [
      { name: 'target tps', color: '#888', dashed: true, points: t.map((s) => [x(s), s.targetTransactionsPerSecond]) },
      { name: 'completed tps', color: '#1f77b4', points: t.map((s) => [x(s), s.completedPerSecond]) },
      { name: 'open connections', color: '#2ca02c', points: t.map((s) => [x(s), s.openConnections]) },
    ],
  });
  const threshold = report.plan.thresholds.p99LatencyMs;
  const latency = renderLineChart({
    title: 'Latency percentiles (from when each transaction was due)',
    yLabel: 'milliseconds',
    bands,
    series: [
      { name: 'p50', color: '#2ca02c', points: t.map((s) => [x(s), s.latency.p50Ms]) },
      { name: 'p95', color: '#ff7f0e', points: t.map((s) => [x(s), s.latency.p95Ms]) },
      { name: 'p99', color: '#d62728', points: t.map((s) => [x(s), s.latency.p99Ms]) },
      {
        name: `p99 limit ${threshold} ms`,
        color: '#d62728',
        dashed: true,
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
  return { throughput, latency, errors };
}
